import type { Excerpt } from '../domain/index.js';
import type { ExcerptCandidate } from './excerpt-ranking.js';

/** What a baseline answers: whether a passing run printed a line. */
export interface LineBaseline {
  has(text: string): boolean;
}

/**
 * The candidates a person still has to read once a passing run is known: a range every line of which
 * the passing run printed too is context, not explanation, and goes; the others are cut to the span from
 * their first new line to their last. A range whose lines are not at hand (a diagnostic's, read past)
 * stays as it is, and lines past those at hand count as new.
 */
export function newAgainstBaseline(
  candidates: ExcerptCandidate[],
  baseline: LineBaseline,
): { kept: ExcerptCandidate[]; leftOut: number } {
  const kept: ExcerptCandidate[] = [];
  let leftOut = 0;
  for (const c of candidates) {
    if (c.lines.size === 0) {
      kept.push(c);
      continue;
    }
    // A diagnostic's range keeps the text of its first lines only: the lines past them are not known
    // to be in a passing run, so they stay, and so does the range's end.
    const lastKnown = Math.max(...c.lines.keys());
    const unknownTail = c.b > lastKnown;
    const fresh = [...c.lines].filter(([, text]) => !baseline.has(text)).map(([no]) => no);
    if (fresh.length === 0 && !unknownTail) {
      leftOut++;
      continue;
    }
    const a = fresh.length ? Math.min(...fresh) : lastKnown + 1;
    const b = unknownTail ? c.b : Math.max(...fresh);
    kept.push({ ...c, a, b, lines: new Map([...c.lines].filter(([no]) => no >= a && no <= b)) });
  }
  return { kept, leftOut };
}

/** Each excerpt with the numbers of its lines that no passing run printed. */
export function markNewLines(excerpts: Excerpt[], baseline: LineBaseline): Excerpt[] {
  return excerpts.map((e) => ({
    ...e,
    new_lines: e.text.filter(([, text]) => !baseline.has(text)).map(([no]) => no),
  }));
}
