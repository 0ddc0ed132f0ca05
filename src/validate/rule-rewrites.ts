import type { Diagnostic } from '../domain/index.js';
import type { Hunk } from './diff-hunks.js';

/**
 * What some lint rules ask of the line they name, when that line may be an assertion: `== True` →
 * `is True` (E712), `type(x) == T` → `isinstance(x, T)` (E721), `==` → `===` (eslint's eqeqeq). A change
 * to an assertion is allowed when it is exactly such a rewrite on a line a targeted finding names; a
 * removed, loosened or re-targeted assertion stays refused. Each rule lists the lines it accepts.
 */
/** A call's argument, with one level of parentheses inside (`type(f(x))`). */
const ARG = String.raw`(?:[^()]|\([^()]*\))+`;

const REWRITES: Record<string, (line: string) => string[]> = {
  E711: (l) => [l.replace(/==\s*None\b/g, 'is None').replace(/!=\s*None\b/g, 'is not None')],
  E712: (l) => [
    l
      .replace(/==\s*(True|False)\b/g, 'is $1')
      .replace(/!=\s*(True|False)\b/g, 'is not $1')
      .replace(/\b(True|False)\s*==\s*/g, '$1 is ')
      .replace(/\b(True|False)\s*!=\s*/g, '$1 is not '),
    // ruff's own fix: the truth test itself.
    l.replace(/(\S+)\s*==\s*True\b/g, '$1').replace(/(\S+)\s*(?:==\s*False|!=\s*True)\b/g, 'not $1'),
  ],
  E713: (l) => [l.replace(/\bnot\s+([\w.[\]()'"]+)\s+in\b/g, '$1 not in')],
  E714: (l) => [l.replace(/\bnot\s+([\w.[\]()'"]+)\s+is\b/g, '$1 is not')],
  E721: (l) => {
    const cmp = (op: string) => new RegExp(String.raw`\btype\((${ARG})\)\s*${op}\s*([\w.]+)`, 'g');
    return [
      l.replace(cmp('=='), 'isinstance($1, $2)').replace(cmp('!='), 'not isinstance($1, $2)'),
      l.replace(cmp('=='), 'type($1) is $2').replace(cmp('!='), 'type($1) is not $2'),
    ];
  },
  F632: (l) => [l.replace(/\bis\s+not\s+(?=["'\d-])/g, '!= ').replace(/\bis\s+(?=["'\d-])/g, '== ')],
  eqeqeq: (l) => [l.replace(/([^=!])==(?!=)/g, '$1===').replace(/!=(?!=)/g, '!==')],
};

/** The rules this file knows (for the README and the tests). */
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
