/**
 * The Forge port: what ci-autofix needs from a code host, in its own words (docs/architecture.md, ports).
 * The GitHub adapter (`forge/github/`) is the only place a vendor client appears; its types and errors
 * never cross this file. Repositories are named `owner/name`.
 */

export interface PullRequest {
  /** The base repository, where the PR lives. */
  repo: string;
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  title: string;
  author: string;
  labels: string[];
  head: { repo: string; ref: string; sha: string; cloneUrl: string };
  base: { repo: string; ref: string; sha: string; cloneUrl: string; defaultBranch: string };
  /** The head lives in another repository (a fork). */
  fork: boolean;
  /** The fork's owner lets maintainers push to the head branch. */
  maintainerCanModify: boolean;
}

/** A failed job of a workflow run of the PR's head commit. */
export interface FailedJob {
  runId: number;
  /** The workflow the run is of (its passing runs are the job's baseline). */
  workflowId: number;
  runName: string;
  jobId: number;
  name: string;
  url: string;
  /** The steps that failed, as the API names them. */
  failedSteps: string[];
  /** The run attempt that failed (1 unless the run was re-run). */
  attempt: number;
  /**
   * Where the same job passed on the same commit: an earlier attempt of its run, or an earlier run of
   * its workflow. The code did not change, so the failure is not the code's.
   */
  passedBefore?: string;
}

/** A workflow run that passed. */
export interface GreenRun {
  id: number;
  workflowId: number;
  headSha: string;
}

export interface ChangedFile {
  path: string;
  status: string;
  /** The unified diff hunks of the file (absent for binary or very large files). */
  patch?: string;
}

export interface Comment {
  id: number;
  body: string;
  author: string;
  /** The author is an app or bot account. */
  bot: boolean;
}

/** A review comment on the PR diff; `startLine` makes it span lines (for a multi-line suggestion). */
export interface ReviewComment {
  path: string;
  line: number;
  startLine?: number;
  body: string;
}

/**
 * A job's log (or a run's logs zip), or why there is none: `expired` (410: GitHub keeps logs 90 days at
 * most), `missing` (404: the job's own log endpoint has none; the run's zip may still have it).
 */
export type JobLog =
  { kind: 'log'; text: Buffer } | { kind: 'expired'; reason: string } | { kind: 'missing'; reason: string };

export interface Forge {
  readonly name: string;
  pullRequest(repo: string, number: number): Promise<PullRequest>;
  /** The open PR whose head is `headRepo`'s `headRef` (a `workflow_run` of a fork names no PR). */
  findPullRequest(repo: string, headRepo: string, headRef: string): Promise<number | undefined>;
  changedFiles(repo: string, number: number): Promise<ChangedFile[]>;
  failedJobs(repo: string, headSha: string): Promise<FailedJob[]>;
  jobLog(repo: string, job: Pick<FailedJob, 'jobId' | 'name'>): Promise<JobLog>;
  /** The newest successful workflow runs on `branch` (one request): where a job's baseline comes from. */
  successfulRuns(repo: string, branch: string): Promise<GreenRun[]>;
  /** The jobs of a run's latest attempt. */
  runJobs(
    repo: string,
    runId: number,
  ): Promise<Array<{ id: number; name: string; conclusion: string | null }>>;
  /**
   * Runs the run's failed jobs again (a new attempt); `denied` when the credential may not (it needs
   * `actions: write`), with the forge's reason.
   */
  rerunFailedJobs(repo: string, runId: number): Promise<{ rerun: true } | { rerun: false; denied: string }>;
  /** The run's logs zip (one file per job and step), the fallback when a job's own log is missing. */
  runLogs(repo: string, runId: number): Promise<JobLog>;
  /** A file of the default branch (never of a PR): the repository's ci-autofix config. */
  fileOnDefaultBranch(repo: string, path: string): Promise<string | undefined>;
  /** The commit's author and message (to recognise ci-autofix's own commits). */
  commit(repo: string, sha: string): Promise<{ author: string; email: string; message: string }>;
  /** The account the credential acts as, when the forge says (an App's token has no user). */
  whoami(): Promise<string | undefined>;
  comments(repo: string, number: number): Promise<Comment[]>;
  createComment(repo: string, number: number, body: string): Promise<Comment>;
  updateComment(repo: string, id: number, body: string): Promise<void>;
  createReview(
    repo: string,
    number: number,
    review: { commitSha: string; body: string; comments: ReviewComment[] },
  ): Promise<{ url: string }>;
  createPullRequest(
    repo: string,
    pr: { head: string; base: string; title: string; body: string },
  ): Promise<{ number: number; url: string }>;
  /** The web page comparing two branches (where opening a PR is not permitted). */
  compareUrl(repo: string, base: string, head: string): string;
  /**
   * Environment for a git process that fetches from or pushes to `url` on this forge: the credential
   * travels in it (an `http.<origin>.extraHeader` through GIT_CONFIG_*), never in a URL, argv or a
   * config file, and only to that origin.
   */
  gitEnv(url: string): Promise<Record<string, string>>;
  /** Requests made so far (for the benchmark and the outcome). */
  readonly requests: number;
}

/** An answer to a conditional request: unchanged since the ETag given (it cost no rate limit), or new. */
export type Conditional<T> = { changed: false } | { changed: true; etag?: string; data: T };

export interface OpenPull {
  number: number;
  headSha: string;
  headRepo: string;
  headRef: string;
}

/** What became of a pull request: the fix memory's verdicts are read from it. */
export interface PullHistory {
  state: 'open' | 'closed';
  merged: boolean;
  commits: Array<{ sha: string; message: string }>;
}

/** A workflow run that failed, as the service's poller sees it. */
export interface FailedRun {
  id: number;
  checkSuiteId: number;
  /** The run attempt (a re-run keeps the run and its check suite). */
  attempt: number;
  headSha: string;
  headBranch: string;
  headRepo: string;
  /** What triggered it: pull_request, push, … */
  event: string;
  /** The PRs the forge links to it (none for a fork's PR). */
  pullRequests: number[];
}

export type Reaction = '+1' | '-1' | 'eyes' | 'confused' | 'rocket';

/** What the service needs beyond the pr job: watching repositories, and answering chat-ops. */
export interface ForgeWatch {
  /** The open PRs, conditionally on `etag`. */
  openPullRequests(repo: string, etag?: string): Promise<Conditional<OpenPull[]>>;
  /** The most recent failed runs, conditionally on `etag`. */
  failedRuns(repo: string, etag?: string): Promise<Conditional<FailedRun[]>>;
  /** The user's permission on the repository: admin, maintain, write, triage, read or none. */
  permission(repo: string, user: string): Promise<string>;
  react(repo: string, commentId: number, reaction: Reaction): Promise<void>;
  /** Whether a pull request merged, and its commits, oldest first (GitHub lists at most 250). */
  pullHistory(repo: string, number: number): Promise<PullHistory>;
  /** The repositories a GitHub App installation can see (empty for a token). */
  installationRepositories(): Promise<string[]>;
  /** The rate limit left, from the last answer's headers. */
  readonly rateLimitRemaining: number | undefined;
}
