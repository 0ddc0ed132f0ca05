import type { Excerpt } from '../domain/index.js';

/** A range of input lines that may explain the failure, before ranking. */
export interface ExcerptCandidate {
  step: string;
  file?: string;
  a: number;
  b: number;
  reason: string;
  score: number;
  lines: Map<number, string>;
  /** For a diagnostic's own range: its diagnosticKey. */
  key?: string;
}

/** Stronger first, then earlier; a total order, so which candidates are kept never depends on arrival. */
function strongerFirst(x: ExcerptCandidate, y: ExcerptCandidate): number {
  const fx = x.file ?? '';
  const fy = y.file ?? '';
  return (
    y.score - x.score ||
    (fx < fy ? -1 : fx > fy ? 1 : 0) ||
    x.a - y.a ||
    x.b - y.b ||
    (x.reason < y.reason ? -1 : x.reason > y.reason ? 1 : 0) ||
    (x.step < y.step ? -1 : x.step > y.step ? 1 : 0)
  );
}

/**
 * The `limit` strongest candidates, in that order. Bounds memory on any log, and, being a function of the
 * set alone, gives the same candidates whether a log was read on one thread or cut into parts for
 * workers (each keeping its own strongest, then the union's).
 */
export function keepStrongest(candidates: ExcerptCandidate[], limit: number): ExcerptCandidate[] {
  candidates.sort(strongerFirst);
  if (candidates.length > limit) candidates.length = limit;
  return candidates;
}

/**
 * The best excerpt of every step before the second-best of any: one noisy step (a hundred lint errors)
 * must not push the one line that explains another failed step out of the list.
 */
function pickAcrossSteps(merged: ExcerptCandidate[], limit: number): ExcerptCandidate[] {
  const byScore = (x: ExcerptCandidate, y: ExcerptCandidate) =>
    y.score - x.score || (x.file ?? '').localeCompare(y.file ?? '') || x.a - y.a;
  const perStep = new Map<string, ExcerptCandidate[]>();
  for (const c of [...merged].sort(byScore)) {
    const key = `${c.file ?? ''}\u0000${c.step}`;
    perStep.set(key, [...(perStep.get(key) ?? []), c]);
  }
  const picked: ExcerptCandidate[] = [];
  for (let round = 0; picked.length < limit; round++) {
    const tier = [...perStep.values()]
      .map((list) => list[round])
      .filter((c): c is ExcerptCandidate => c !== undefined);
    if (tier.length === 0) break;
    picked.push(...tier.sort(byScore).slice(0, limit - picked.length));
  }
  return picked;
}

/** The ranked excerpts: overlapping or adjacent ranges of one step merged, the best `limit` first. */
export function rankExcerpts(candidates: ExcerptCandidate[], limit = 12): Excerpt[] {
  const byPlace = new Map<string, ExcerptCandidate[]>();
  for (const c of candidates) {
    const key = `${c.file ?? ''}\u0000${c.step}`;
    const list = byPlace.get(key) ?? [];
    list.push(c);
    byPlace.set(key, list);
  }
  const merged: ExcerptCandidate[] = [];
  for (const list of byPlace.values()) {
    list.sort((x, y) => x.a - y.a || y.b - x.b);
    let cur: ExcerptCandidate | undefined;
    for (const c of list) {
      if (cur && c.a <= cur.b + 1) {
        cur.b = Math.max(cur.b, c.b);
        cur.score = Math.max(cur.score, c.score);
        if (!cur.reason.split('; ').includes(c.reason)) cur.reason += `; ${c.reason}`;
        for (const [no, s] of c.lines) cur.lines.set(no, s);
      } else {
        if (cur) merged.push(cur);
        cur = { ...c, lines: new Map(c.lines) };
      }
    }
    if (cur) merged.push(cur);
  }
  return pickAcrossSteps(merged, limit).map((c) => {
    const e: Excerpt = {
      step: c.step,
      lines: [c.a, c.b],
      reason: c.reason,
      score: c.score,
      text: [...c.lines.entries()].sort((x, y) => x[0] - y[0]),
    };
    if (c.file !== undefined) e.file = c.file;
    return e;
  });
}
