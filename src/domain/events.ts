/**
 * What a job reports while it works, as typed data. Each entry point renders it its own way — the CLI as
 * lines of text (`output/event-text.ts`), the service as structured log entries, the Action as its log —
 * and nothing parses another part's printed text.
 */
export type JobEvent =
  | { type: 'check-chosen'; commands: string[]; reason: string }
  | { type: 'tool-pinned'; tool: string; version: string; source: string; installed?: string }
  | { type: 'checked'; passed: boolean; diagnostics: number }
  | { type: 'check-again'; tools: string[] }
  | { type: 'tool-asked'; tool: string; findings: number; files: string[] }
  | { type: 'planned'; steps: number; model: number; notFixable: number }
  | { type: 'round-planned'; round: number; steps: number }
  | { type: 'step'; fixer: string; command: string[]; files: string[] }
  | { type: 'settle'; fixer: string; after: string; files: string[] }
  | { type: 'validating'; after: string; files: string[] }
  | { type: 'committed'; subject: string }
  | {
      type: 'model-attempt';
      /** Which candidate, when several are tried. */
      label?: string;
      client: string;
      model: string;
      attempt: number;
      of: number;
      files: string[];
    }
  | { type: 'model-moved'; label?: string; moves: Array<{ from?: number; to?: number }> }
  | { type: 'pr-failed-jobs'; head: string; jobs: string[] }
  | { type: 'pr-ended'; outcome: string; reason: string }
  | { type: 'restarted'; reason: string }
  | { type: 'published'; summary: string }
  /** The fix memory decided: a strategy skipped for a finding (a person rejected it, or it kept failing), or an accepted fix replayed. */
  | {
      type: 'memory';
      decision: 'skip' | 'replay' | 'example';
      strategy: string;
      signature: string;
      files: string[];
      reason: string;
    }
  /** Something about this machine or this run a person should know (a sandbox fallback, a missing parser). */
  | { type: 'note'; level: 'info' | 'warning'; message: string };

/** An event as a job emits it: when, since the job started. */
export type ProgressEvent = JobEvent & { elapsedMs: number };

export type JobStage = 'check' | 'analyze' | 'plan' | 'fix' | 'validate' | 'commit' | 'publish' | 'note';

/** The stage each kind of event belongs to. */
export const EVENT_STAGE: Readonly<Record<JobEvent['type'], JobStage>> = {
  'check-chosen': 'check',
  'tool-pinned': 'check',
  checked: 'analyze',
  'check-again': 'analyze',
  'tool-asked': 'plan',
  planned: 'plan',
  'round-planned': 'plan',
  step: 'fix',
  settle: 'fix',
  validating: 'validate',
  committed: 'commit',
  'model-attempt': 'fix',
  'model-moved': 'fix',
  'pr-failed-jobs': 'analyze',
  'pr-ended': 'analyze',
  restarted: 'publish',
  published: 'publish',
  memory: 'plan',
  note: 'note',
};

/** The files an event is about, if any. */
export function eventFiles(e: JobEvent): string[] {
  return 'files' in e ? e.files : [];
}
