import { suppressions, type Suppression } from '../tools/index.js';

/**
 * The anti-cheat table: the ways a change can silence a tool instead of fixing what it reports, each
 * declared by its tool's plugin (`suppressions`), gathered here (the README's table is this one). A fix
 * that adds one is refused whoever wrote it, unless the rule's own fixer made it or `.ci-autofix.yml`
 * allows it for the rules it names (`safety.allow_suppressions`).
 */
export const SUPPRESSIONS: readonly Suppression[] = suppressions;
export type { Suppression };

/** The rules a suppression names (empty: all of them). */
function codesOf(m: RegExpMatchArray): string[] {
  const named = m.groups?.codes ?? m.groups?.codes2 ?? '';
  return named
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** How many suppressions of `entry` the text holds that the allowed rules do not cover. */
export function countSuppressions(text: string, entry: Suppression, allowed: ReadonlySet<string>): number {
  let n = 0;
  for (const m of text.matchAll(entry.pattern)) {
    const codes = codesOf(m);
    if (!codes.length || !codes.every((c) => allowed.has(c) || allowed.has(`${entry.tool}:${c}`))) n++;
  }
  return n;
}

export interface AddedSuppression {
  entry: Suppression;
  added: number;
}

/** The suppressions a change to one file adds: counted in the whole file, so a re-wrapped line moves one, never adds it. */
export function addedSuppressions(
  path: string,
  before: string,
  after: string,
  allowed: ReadonlySet<string>,
): AddedSuppression[] {
  const found: AddedSuppression[] = [];
  for (const entry of SUPPRESSIONS) {
    if (!entry.files.test(path)) continue;
    const added = countSuppressions(after, entry, allowed) - countSuppressions(before, entry, allowed);
    if (added > 0) found.push({ entry, added });
  }
  return found;
}
