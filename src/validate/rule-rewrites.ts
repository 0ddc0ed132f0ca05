import type { Diagnostic } from '../domain/index.js';
import { assertionRewrites as REWRITES } from '../tools/index.js';
import type { Hunk } from './diff-hunks.js';

/**
 * What some lint rules ask of the line they name, when that line may be an assertion: `== True` →
 * `is True` (E712), `type(x) == T` → `isinstance(x, T)` (E721), `==` → `===` (eslint's eqeqeq). A change
 * to an assertion is allowed when it is exactly such a rewrite on a line a targeted finding names; a
 * removed, loosened or re-targeted assertion stays refused. Each rule lists the lines it accepts; the
 * tools' plugins declare them (`assertionRewrites`).
 */
/** The rules the tools declare rewrites for (for the README and the tests). */
export const REWRITTEN_RULES = Object.keys(REWRITES);

/** A line's tokens, so layout does not count: words and runs of punctuation. */
const tokens = (line: string) => (line.match(/\w+|[^\s\w]+/g) ?? []).join(' ');

function ruleOf(d: Diagnostic): string | undefined {
  const code = d.code?.value;
  if (!code) return undefined;
  return code in REWRITES
    ? code
    : code.replace(/^.*\//, '') in REWRITES
      ? code.replace(/^.*\//, '')
      : undefined;
}

/**
 * Whether every removed line of `hunks` that `isAssertion` is either unchanged by its tokens or
 * rewritten exactly as a rule of `targets` (the findings the fix aims at, on this file) asks, on a line
 * that finding names. Lines pair up only in hunks that replace as many lines as they add.
 */
export function assertionsRewrittenByRules(
  hunks: Hunk[],
  targets: Diagnostic[],
  isAssertion: (line: string) => boolean,
): boolean {
  for (const h of hunks) {
    const asserts = h.removed.filter((r) => isAssertion(r.text));
    if (!asserts.length) continue;
    if (h.removed.length !== h.added.length) return false;
    for (const [i, r] of h.removed.entries()) {
      if (!isAssertion(r.text)) continue;
      const now = tokens(h.added[i]!.text);
      if (now === tokens(r.text)) continue;
      const rules = targets.flatMap((d) => {
        const start = d.location?.range?.start.line;
        const end = d.location?.range?.end?.line ?? start;
        const rule = ruleOf(d);
        return rule && start !== undefined && start <= r.line && r.line <= end! ? [rule] : [];
      });
      if (!rules.some((rule) => REWRITES[rule]!(r.text).some((c) => tokens(c) === now))) return false;
    }
  }
  return true;
}
