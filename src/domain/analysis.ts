import type { Diagnostic, LogRef } from './diagnostic.js';

/** A ranked range of input lines that explains why CI is red. */
export interface Excerpt extends LogRef {
  reason: string;
  /** Higher explains more; used for ranking only. */
  score: number;
  /** The lines themselves as [line number, text] (ANSI and timestamps stripped), for humans and prompts; not part of the JSON contract. */
  text: Array<[number, string]>;
  /** With a baseline (`analyze --baseline`): the lines of the excerpt that no passing run printed. */
  new_lines?: number[];
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
  /** With `analyze --baseline`: the passing runs compared with, and what that left out. */
  baseline?: {
    inputs: string[];
    lines: number;
    /** Distinct lines, after masking what always differs (timestamps, durations, ids, counters). */
    distinct: number;
    /** The cap on distinct lines was reached: later lines of the passing runs were not remembered. */
    capped: boolean;
    /** Candidate ranges left out because every line of them is in a passing run too. */
    excerpts_left_out: number;
  };
}

/** A kind of failure no change to the code causes (triage/infrastructure.ts, and tools' own). */
export type InfrastructureKind =
  | 'runner'
  | 'cancelled'
  | 'timeout'
  | 'network'
  | 'registry'
  | 'rate-limit'
  | 'disk'
  | 'memory'
  | 'service-container';

export interface InfrastructureSignature {
  id: string;
  kind: InfrastructureKind;
  pattern: RegExp;
  /** One line for a person: what happened and what to do. */
  says: string;
}

/** A line that says the runner, the network or a service failed the job (triage/infrastructure.ts). */
export interface InfrastructureLine {
  step: string;
  file?: string;
  line: number;
  /** The signature's id and kind, and what it means for a person. */
  id: string;
  kind: InfrastructureKind;
  says: string;
}

export const JOB_VERDICTS = ['pr', 'flaky', 'infrastructure', 'unknown'] as const;

/**
 * What failed a job: the change (`pr`: its tools' findings, failing tests), a flaky test (it failed, then
 * passed when re-run), the infrastructure (the runner, the network, a registry), or `unknown`.
 */
export interface JobJudgement {
  /** The job: a run zip's file, `gh run view --log`'s job name, or `job` for one job's log. */
  job: string;
  verdict: (typeof JOB_VERDICTS)[number];
  /** Why, in a sentence. */
  reason: string;
  /** The lines that show it (at most 10). */
  evidence: Array<{ step: string; lines: [number, number]; says: string }>;
  /** For `pr`: findings of the project's own tools (not tests); a deterministic tool does not flake. */
  findings?: number;
  /** For `pr` and `flaky`: the tests that failed, by name (at most 50). */
  tests?: string[];
}

export interface Analysis {
  diagnostics: Diagnostic[];
  excerpts: Excerpt[];
  tests: TestRun[];
  /** One judgement per job with a failed step or a finding. */
  jobs: JobJudgement[];
  summary: AnalysisSummary;
}
