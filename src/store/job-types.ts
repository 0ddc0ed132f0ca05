/** What a job is asked to do, as plain data (the service maps webhook and poll events to it). */
export type JobRequest = FixRequest | CommandRequest;

interface RequestBase {
  /** The base repository, `owner/name`. */
  repo: string;
  /** What asked for it: `suite:<check suite id>` for a failed run (webhook and poll alike), `comment:<id>`. */
  trigger: string;
  source: 'webhook' | 'poll' | 'command';
  installationId?: number;
}

/** Repair a failed run. */
export interface FixRequest extends RequestBase {
  kind: 'fix';
  /** Unknown for a fork's run whose event lists no PR: the worker finds it by head repository and branch. */
  pr?: number;
  headSha: string;
  headRepo: string;
  headBranch: string;
}

/** A chat-ops command from a PR comment; the worker checks the author's permission first. */
export interface CommandRequest extends RequestBase {
  kind: 'command';
  pr: number;
  command: 'run' | 'apply' | 'retry' | 'skip';
  user: string;
  commentId: number;
}

/**
 * Jobs with the same key run one at a time: the PR's, or the head branch's while the PR is unknown
 * (a fork's run, resolved by the worker).
 */
export function serialKey(r: JobRequest): string {
  return r.kind === 'fix' && r.pr === undefined ? `${r.headRepo}:${r.headBranch}` : `${r.repo}#${r.pr}`;
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
  /** How many times a worker died while running it (its attempts before this one were handed on). */
  lost: number;
  /**
   * Set when the job has taken too many workers with it: the handler only says so where the job
   * reports (its status comment), and the job ends failed with this reason (unless the handler finds
   * the fix of an earlier try already in place and returns `fixed`).
   */
  giveUp?: string;
  /** When the job was stored (the webhook or poll that asked for it). */
  created_at: Date;
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
  /** The model tokens spent, beside the cost (the dashboard's days). */
  inputTokens?: number;
  outputTokens?: number;
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
  if (r.kind === 'command') return `command:${r.repo}#${r.pr}:${r.trigger}`;
  const target = r.pr !== undefined ? `#${r.pr}` : `@${r.headRepo}:${r.headBranch}`;
  return `${r.kind}:${r.repo}${target}:${r.headSha}:${r.trigger}`;
}

export interface QueueOptions {
  /** External errors (GitHub down, rate limits) are retried this many times, with exponential backoff. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /**
   * A worker process silent this long (no heartbeat: killed, crashed, its node lost) is taken for dead,
   * and the jobs it was running are handed to another worker. It beats six times in that time.
   */
  takeoverSeconds?: number;
  /** A ceiling for one run of a job (a hung job): stopped and failed then, its comment saying so. */
  jobTimeoutSeconds?: number;
  /** A job whose worker died this many times while running it is given up (it may be what kills them). */
  lostLimit?: number;
  /** How often an idle worker asks for work (a webhook's job also wakes the workers of this process). */
  pollingIntervalSeconds?: number;
  /** How often pg-boss archives and runs its own expiry backstop. */
  maintenanceIntervalSeconds?: number;
  /** Names this process in `attempts.worker`. */
  workerName?: string;
}

/** The defaults `serve` runs with (its settings: WORKER_TAKEOVER_SECONDS, JOB_TIMEOUT_SECONDS). */
export const QUEUE_DEFAULTS = {
  retryLimit: 3,
  retryDelaySeconds: 30,
  takeoverSeconds: 60,
  jobTimeoutSeconds: 3600,
  lostLimit: 3,
  pollingIntervalSeconds: 2,
  maintenanceIntervalSeconds: 30,
} as const;

/** Runs one job; `signal` says when to stop (its reason a JobStop). */
export type JobHandler = (job: JobRow, signal: AbortSignal) => Promise<JobResult>;

/** Why a running job's signal was aborted (`signal.reason`). */
export type JobStop = 'released' | 'lost' | 'timeout';
