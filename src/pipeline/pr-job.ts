import type { RepoConfig } from '../config/index.js';
import type { Forge } from '../forge/forge.js';
import type { Published } from '../publish/publish-fix.js';
import type { StatusState } from '../publish/status-comment.js';
import type { WebhookPayload } from '../publish/webhook.js';
import type { FailureMemory } from './failure-memory.js';
import type { FixMemory } from './fix-memory.js';
import type { BaselineCache } from './fetch-baselines.js';
import type { FixJobDeps, FixOutcome, FixOutcomeKind, ProgressEvent } from './fix-job.js';
import type { Rerun } from './pr-rerun.js';

/**
 * The service runs a job again when its worker died (a crash, a kill, a lost node), when it was handed
 * back at shutdown, and to retry an external error. Each try records its attempt in the status comment
 * under the job's run id: earlier tries of the same job are this job, never "attempted before", and
 * what they left (a comment saying "working", a fix already pushed) is this try's to finish.
 */
export interface JobRun {
  /** The job's id: the same for every try. */
  id: string;
  /** 1 for the first try. */
  attempt: number;
  /** Set when the job has taken too many workers with it: say so on the PR and stop. */
  giveUp?: string;
}

export interface PrJobInput {
  /** The base repository, `owner/name`. */
  repo: string;
  number: number;
  /** `AUTO_APPROVE`: push validated commits to the PR branch; otherwise propose them (review mode). */
  autoApprove: boolean;
  /** Everything but publishing: no comment, no push, no webhook. */
  dryRun: boolean;
  /** A checkout whose installed dependencies (node_modules, .venv) the fix may use (the Action's workspace). */
  dependenciesFrom?: string;
  /** `--check CMD`, else the repository's config, else detected. */
  check?: string;
  /** Overrides `max_attempts` of the repository's config (the Action's `max-attempts`). */
  maxAttempts?: number;
  checkTimeoutMs: number;
  fixerTimeoutMs: number;
  /**
   * A person asked (`/autofix retry`, `/autofix apply`): the same failure is attempted again, and
   * `max_attempts` does not stop it. ci-autofix's own failing commit still does.
   */
  force?: boolean;
  /** The service's job this run is a try of (absent for the CLI and the Action). */
  run?: JobRun;
}

/** The git side of the PR job; `env` carries the forge credential (Forge.gitEnv). */
export interface PrGit {
  clone(
    dir: string,
    head: { url: string; ref: string; sha: string },
    base: { url: string; ref: string },
    env: Record<string, string>,
  ): Promise<void>;
  push(dir: string, url: string, commit: string, ref: string, env: Record<string, string>): Promise<void>;
  /** `git diff -U0 from to` in `dir`. */
  diff(dir: string, from: string, to: string): Promise<string>;
  fileAt(dir: string, rev: string, path: string): Promise<string | undefined>;
  /** The commits of `dir`'s HEAD not in `base`, newest first: the pull request's own. */
  commits(dir: string, base: string): Promise<Array<{ sha: string; message: string }>>;
  /** Whether a later commit undid `sha`'s change in `dir`'s work tree (its patch applies again). */
  undone(dir: string, sha: string): Promise<boolean>;
  /** Links `from`'s installed dependencies into the clone `dir`, which git is told to ignore. */
  linkDependencies(from: string, dir: string): Promise<string[]>;
  /** The ref where `clone` keeps the PR's base branch. */
  baseRef: string;
}

export interface PrJobDeps {
  forge: Forge;
  /**
   * The fix job's own dependencies (the sandbox, git worktrees, fixers, the model), for the repository's
   * configuration: its sandbox kind and model provider are known once it is read.
   */
  fixDeps(config: RepoConfig): Promise<FixJobDeps>;
  git: PrGit;
  /** The repository's `.ci-autofix.yml` text (from the default branch) as configuration. */
  parseConfig(text: string | undefined, source: string): RepoConfig;
  /** A fresh folder for the clone and the logs, removed by the job. */
  tempDir(): Promise<{ dir: string; remove(): Promise<void> }>;
  /** `AUTOFIX_WEBHOOK_URL`; never throws. */
  webhook?(payload: WebhookPayload): Promise<void>;
  progress(event: ProgressEvent): void;
  /**
   * Calls `handler` when the process is told to stop (SIGTERM from a cancelled workflow, Ctrl-C), before
   * it exits, so the status comment gets a final state; returns the function that stops listening.
   */
  onInterrupt?(handler: (signal: string) => Promise<void>): () => void;
  now?(): Date;
  /** Flaky tests and re-runs remembered across jobs (the service's store); absent: nothing remembered. */
  memory?: FailureMemory;
  /** Passing job logs kept across jobs (the store, or the CLI's state folder); absent: always downloaded. */
  baselines?: BaselineCache;
  /** What each fix try did, by finding signature and strategy (the service's store); absent: not kept. */
  fixMemory?: FixMemory;
}

/** `ci-autofix pr --format json`: the fix outcome plus where it went. */
export interface PrOutcome {
  outcome: FixOutcomeKind | 'skipped' | 'failed';
  /** Why the job skipped or failed. */
  reason?: string;
  pull_request: { repo: string; number: number; url: string; head_sha: string; title: string };
  failed_jobs: Array<{ name: string; url: string; steps: string[] }>;
  /** The runs whose failed jobs were re-run instead of fixed (infrastructure, flaky), or could not be. */
  reruns?: Rerun[];
  status?: StatusState;
  fix?: FixOutcome;
  published: {
    mode: Published['mode'];
    commits: string[];
    branch?: string;
    pull_request?: string;
    review?: string;
    /** The id of the status comment, when one was written. */
    comment?: number;
  };
  github_requests: number;
  timing: { total_ms: number; github_ms: number; clone_ms: number; fix_ms: number; publish_ms: number };
  notes: string[];
}
