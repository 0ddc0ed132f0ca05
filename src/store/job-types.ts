/** What a job is asked to do, as plain data (the service maps webhook and poll events to it). */
export interface JobRequest {
  /** `fix`: repair the failure; `apply`: push what review mode proposed (`/autofix apply`). */
  kind: 'fix' | 'apply';
  /** The base repository, `owner/name`. */
  repo: string;
  /** Unknown for a fork's run whose event lists no PR: the worker finds it by head repository and branch. */
  pr?: number;
  headSha: string;
  headRepo: string;
  headBranch: string;
  /** What asked for it: `suite:<check suite id>` for a failed run (webhook and poll alike), `comment:<id>`. */
  trigger: string;
  source: 'webhook' | 'poll' | 'command';
  installationId?: number;
}

export type JobState = 'waiting' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'superseded';

/** A job as a worker receives it. */
export interface JobRow {
  id: string;
  key: string;
  kind: JobRequest['kind'];
  pr_number: number | null;
  head_sha: string;
  branch_key: string;
  trigger: string;
  source: JobRequest['source'];
  payload: JobRequest;
  state: JobState;
  /** 1 on the first run; more after a retry or a lost worker. */
  attempts: number;
}

/** What a job achieved, stored once per job for `ci-autofix stats`. */
export interface JobResult {
  /** The pr job's outcome: fixed, partial, not-fixable, …, skipped, failed. */
  outcome: string;
  reason?: string;
  /** push, suggestions, branch, compare, patch, none. */
  published?: string;
  commits?: number;
  costUsd?: number;
  durationMs?: number;
  detail?: unknown;
  diagnostics?: Array<{
    tool: string;
    code?: string;
    category: string;
    fixability: string;
    fixed: boolean;
    /** The fixer that fixed it. */
    fixer?: string;
    path?: string;
    message: string;
  }>;
}

/**
 * The idempotency key: one job per (kind, repository, PR or head branch, head SHA, trigger), so a
 * redelivered webhook, or a poll that sees the same failed suite, finds the job already there.
 */
export function jobKey(r: JobRequest): string {
  const target = r.pr !== undefined ? `#${r.pr}` : `@${r.headRepo}:${r.headBranch}`;
  return `${r.kind}:${r.repo}${target}:${r.headSha}:${r.trigger}`;
}
