import type { Diagnostic, LogRef } from './diagnostic.js';

/** A ranked range of input lines that explains why CI is red. */
export interface Excerpt extends LogRef {
  reason: string;
  /** Higher explains more; used for ranking only. */
  score: number;
  /** The lines themselves as [line number, text] (ANSI and timestamps stripped), for humans and prompts; not part of the JSON contract. */
  text: Array<[number, string]>;
}

export interface TestRun {
  framework: string;
  step: string;
  run: number;
  passed: number;
  failed: number;
  skipped: number;
  failed_names: string[];
  /**
   * Tests that failed and then passed when the runner retried them (jest.retryTimes): flaky, not broken.
   * No code fix is attempted for them; present only when there are some.
   */
  flaky_names?: string[];
  log: LogRef;
}

export interface AnalysisSummary {
  inputs: string[];
  lines: number;
  bytes: number;
  steps: string[];
  failed_steps: string[];
  diagnostics: number;
  by_fixability: Record<'deterministic' | 'llm' | 'none', number>;
  by_tool: Record<string, number>;
  /** Diagnostics dropped by `ignore_patterns`. */
  ignored: number;
  /** Diagnostics past the cap that were counted but not kept (a huge log). */
  dropped: number;
  truncated_lines: number;
  warnings: string[];
}

export interface Analysis {
  diagnostics: Diagnostic[];
  excerpts: Excerpt[];
  tests: TestRun[];
  summary: AnalysisSummary;
}
