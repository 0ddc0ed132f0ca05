import type { InfrastructureLine, ParsedDiagnostic, TestRun } from '../domain/index.js';
import type { ExcerptCandidate } from './excerpt-ranking.js';

/**
 * The distinct keys of dropped diagnostics a part remembers (~40 MB of keys at worst). Past it, drops of
 * new failures are counted as they are (`droppedUnkeyed`): if an earlier part kept the same failure, one
 * thread would not have counted them, so `summary.dropped` may then be too high (never too low), and says so.
 */
export const MAX_DROPPED_KEYS = 200_000;

/** Infrastructure lines a part keeps: the first ones say what happened; a flood of retries adds nothing. */
export const MAX_INFRASTRUCTURE_LINES = 50;

/**
 * What an analyzer found before the final pass (dedupe, triage, ranking): plain, cloneable data, so a
 * worker thread can analyse part of a file and hand its findings back.
 */
export interface AnalyzerSnapshot {
  diagnostics: ParsedDiagnostic[];
  tests: TestRun[];
  /** Lines of the infrastructure table (at most MAX_INFRASTRUCTURE_LINES). */
  infrastructure: InfrastructureLine[];
  candidates: ExcerptCandidate[];
  /** The kept diagnostics' own ranges (ExcerptFinder.diagnosticRanges). */
  diagnosticRanges: ExcerptCandidate[];
  inputs: string[];
  steps: string[];
  /** Each failed step with its zip entry (the job it belongs to). */
  failedAt: Array<{ step: string; file?: string }>;
  warnings: string[];
  /** Diagnostics past the cap (not repeats of kept ones), all counted here. */
  dropped: number;
  /**
   * For each kept diagnostic, how often the same failure was found again in this part (not counted): if
   * the final pass drops it, one thread would have counted it and each of these.
   */
  repeats: number[];
  /**
   * The dropped diagnostics by key (`diagnosticKey`) with their counts, in a part of a file after its first
   * (`AnalyzerOptions.trackDroppedKeys`): a failure an earlier part kept is not counted by one thread. At
   * most MAX_DROPPED_KEYS keys; undefined when not tracked.
   */
  droppedByKey: Map<string, number> | undefined;
  /** The dropped diagnostics not in `droppedByKey`: all of them when keys are not tracked. */
  droppedUnkeyed: number;
  lines: number;
  bytes: number;
  truncated: number;
}

/** Renumbers a snapshot of a file's later part by the number of lines that came before it. */
export function shiftSnapshot(s: AnalyzerSnapshot, offset: number): AnalyzerSnapshot {
  if (offset === 0) return s;
  const shift = (lines: [number, number]): [number, number] => [lines[0] + offset, lines[1] + offset];
  for (const d of s.diagnostics) d.log.lines = shift(d.log.lines);
  for (const t of s.tests) t.log.lines = shift(t.log.lines);
  for (const l of s.infrastructure) l.line += offset;
  for (const c of [...s.candidates, ...s.diagnosticRanges]) {
    c.a += offset;
    c.b += offset;
    c.lines = new Map([...c.lines].map(([no, text]) => [no + offset, text]));
  }
  return s;
}
