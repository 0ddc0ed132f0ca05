import type { ParsedDiagnostic, TestRun } from '../domain/index.js';
import type { ExcerptCandidate } from './excerpt-ranking.js';

/**
 * What an analyzer found before the final pass (dedupe, triage, ranking): plain, cloneable data, so a
 * worker thread can analyse part of a file and hand its findings back.
 */
export interface AnalyzerSnapshot {
  diagnostics: ParsedDiagnostic[];
  tests: TestRun[];
  candidates: ExcerptCandidate[];
  /** The kept diagnostics' own ranges (ExcerptFinder.diagnosticRanges). */
  diagnosticRanges: ExcerptCandidate[];
  inputs: string[];
  steps: string[];
  failedSteps: string[];
  warnings: string[];
  dropped: number;
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
  for (const c of [...s.candidates, ...s.diagnosticRanges]) {
    c.a += offset;
    c.b += offset;
    c.lines = new Map([...c.lines].map(([no, text]) => [no + offset, text]));
  }
  return s;
}
