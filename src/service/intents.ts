/**
 * What the service queues: plain, JSON-serialisable data that the webhook handler and the poller produce
 * and the workers consume. `repo` is always `owner/name` of the base repository (where the pull request is).
 */
export type Intent =
  | {
      kind: 'fix';
      repo: string;
      /** Absent for a fork's run (GitHub lists no pull request): the worker finds it by head repo and branch. */
      pr?: number;
      headSha: string;
      headRepo: string;
      headBranch: string;
      /** what failed: `suite:<check_suite_id>`; the same for webhook and polling, so both never double a job */
      trigger: string;
      installationId?: number;
      source: 'webhook' | 'poll' | 'command';
    }
  | { kind: 'cancel'; repo: string; pr: number; reason: 'closed' }
  /**
   * A pull request changed (a push) or closed: what people did with the fixes published to it is read
   * from its history (the fix memory's verdicts). `headRef`: its head branch, when the event says.
   */
  | { kind: 'verdicts'; repo: string; pr: number; closed: boolean; headRef?: string; installationId?: number }
  /** A re-run (run attempt > 1) completed: the re-runs ci-autofix asked for it end, passed or not. */
  | { kind: 'rerun-finished'; repo: string; runId: number; passed: boolean }
  | { kind: 'supersede'; repo: string; pr: number; headSha: string; installationId?: number }
  | {
      kind: 'command';
      repo: string;
      pr: number;
      command: ChatCommand;
      user: string;
      commentId: number;
      installationId?: number;
    };

/** `/autofix` (run), `/autofix apply`, `/autofix retry`, `/autofix skip` in a pull request comment. */
export type ChatCommand = 'run' | 'apply' | 'retry' | 'skip';

/** The trigger of a fix: the failed check suite, which a webhook and the poller both name the same way. */
export const suiteTrigger = (checkSuiteId: number, attempt = 1): string =>
  // A re-run keeps its check suite: its failure is a new one, once per attempt.
  attempt > 1 ? `suite:${checkSuiteId}:${attempt}` : `suite:${checkSuiteId}`;

/**
 * `owner/name` as GitHub allows it: an owner of letters, digits, `-` (and `_` for managed users), a name
 * of letters, digits, `.`, `_`, `-`, never `.` or `..`. Anything else cannot be a repository, and may be
 * a path trick once it reaches a URL or a folder name.
 */
export function isRepoName(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^([A-Za-z0-9_-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(value);
  return m !== null && m[2] !== '.' && m[2] !== '..';
}

/** The conclusions of a run or suite that failed: what the service fixes (or re-runs). */
export const FAILED = new Set(['failure', 'timed_out']);

/** A re-run's end (attempt > 1) tells whether a failure ci-autofix re-ran was flaky or the runner's. */
export function rerunEnd(
  repo: string,
  run: { id: number; run_attempt?: number; conclusion: string | null },
): Intent[] {
  const passed = run.conclusion === 'success';
  if ((run.run_attempt ?? 1) < 2 || !(passed || FAILED.has(run.conclusion ?? ''))) return [];
  return [{ kind: 'rerun-finished', repo, runId: run.id, passed }];
}
