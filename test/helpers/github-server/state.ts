import { randomBytes, type KeyObject } from 'node:crypto';

/**
 * What the GitHub double remembers. Plain records the tests may read (and adjust) directly; the REST
 * layer renders them into GitHub's JSON shapes (render.ts), git holds the commits and branches.
 */

export type Conclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required'
  | 'stale'
  | 'startup_failure';

export interface RepoState {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  /** The bare repository behind the git smart HTTP endpoint. */
  gitDir: string;
  /** full_name of the repository this one is a fork of. */
  forkOf?: string;
  createdAt: string;
}

export interface PullState {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  maintainerCanModify: boolean;
  user: string;
  head: { repo: string; ref: string; sha: string };
  base: { ref: string; sha: string };
  reactions: ReactionState[];
  createdAt: string;
  updatedAt: string;
}

export interface StepState {
  name: string;
  conclusion: Conclusion;
  number: number;
  /** The step's own log, for the run-logs zip's `job/N_step.txt` file. */
  log?: string | Buffer;
}

export interface JobState {
  id: number;
  runId: number;
  name: string;
  /** null while a re-run of the job waits to run (`finishRerun` completes it). */
  conclusion: Conclusion | null;
  /** The run attempt this execution of the job belongs to (a re-run adds a job of the next attempt). */
  attempt: number;
  log: Buffer;
  steps: StepState[];
  /** The check run GitHub makes for every job (same id, as on github.com). */
  checkRunId: number;
  logsExpired: boolean;
}

export interface RunState {
  id: number;
  repo: string;
  name: string;
  event: string;
  headSha: string;
  headBranch: string;
  headRepo: string;
  status: 'completed' | 'in_progress' | 'queued';
  conclusion: Conclusion | null;
  pullRequests: number[];
  jobs: JobState[];
  runNumber: number;
  runAttempt: number;
  checkSuiteId: number;
  logsExpired: boolean;
  createdAt: string;
}

export interface CheckRunState {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: Conclusion | null;
  externalId: string;
  detailsUrl: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  annotations: unknown[];
  startedAt: string;
  completedAt: string | null;
  checkSuiteId: number;
  /** Made by a GitHub App through the API (`app`), or by Actions for a job. */
  app: 'actions' | 'api';
}

export interface CommentState {
  id: number;
  repo: string;
  issue: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionState[];
}

export interface ReactionState {
  id: number;
  content: string;
  user: string;
  createdAt: string;
}

export interface ReviewCommentState {
  id: number;
  reviewId: number;
  repo: string;
  pull: number;
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  startLine: number | null;
  startSide: 'LEFT' | 'RIGHT' | null;
  body: string;
  commitId: string;
  diffHunk: string;
  user: string;
  createdAt: string;
}

export interface ReviewState {
  id: number;
  repo: string;
  pull: number;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  commitId: string;
  user: string;
  submittedAt: string | null;
  comments: ReviewCommentState[];
}

export interface PushState {
  repo: string;
  ref: string;
  before: string;
  after: string;
  /** The token's login that pushed. */
  user: string;
}

export interface TokenState {
  login: string;
  /** full_name → contents permission; undefined: write on every repository. */
  repos?: Record<string, 'read' | 'write'>;
  /**
   * The `contents` permission when it is narrower than the repository access (a workflow with
   * `contents: read` and `pull-requests: write`): no push, no ref or file writes; comments still work.
   */
  contents?: 'read';
  /** `actions: read`: runs and logs may be read, not re-run. */
  actions?: 'read';
  /** Epoch ms after which the token is refused (401 on REST, on git); undefined: never. */
  expiresAt?: number;
}

/** A GitHub App: its id, slug and public key (the private key is the test's, as GitHub never keeps it). */
export interface AppState {
  id: number;
  slug: string;
  clientId: string;
  /** The account that owns the App (the owner of the repositories it is installed on). */
  owner: string;
  publicKey: KeyObject;
  createdAt: string;
}

/** The App installed on one account, for the repositories selected there. */
export interface InstallationState {
  id: number;
  appId: number;
  account: string;
  /** full_names of the selected repositories (they need not exist yet). */
  repos: string[];
  createdAt: string;
}

/** An installation token the API issued (`POST /app/installations/{id}/access_tokens`). */
export interface AppTokenState {
  installationId: number;
  token: string;
  /** Epoch ms. */
  issuedAt: number;
  expiresAt: number;
}

export const ZERO_SHA = '0000000000000000000000000000000000000000';

/** GitHub's timestamps: ISO 8601 without milliseconds. */
export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Everything the server holds, with one id sequence per kind of object (as GitHub's ids are). */
export class GitHubState {
  repos = new Map<string, RepoState>();
  pulls: PullState[] = [];
  runs: RunState[] = [];
  checkRuns: CheckRunState[] = [];
  comments: CommentState[] = [];
  reviews: ReviewState[] = [];
  pushes: PushState[] = [];
  tokens = new Map<string, TokenState>();
  apps: AppState[] = [];
  installations: InstallationState[] = [];
  appTokens: AppTokenState[] = [];
  users = new Map<string, number>();
  /** `full_name login` (lower case) → role: read, triage, write, maintain, admin, none. */
  permissions = new Map<string, string>();
  private next = new Map<string, number>();

  id(kind: string): number {
    const first: Record<string, number> = {
      repo: 100_000,
      run: 7_000_000,
      job: 20_000_000,
      comment: 900_000,
      app: 300_000,
      installation: 40_000_000,
    };
    const id = this.next.get(kind) ?? first[kind] ?? 1_000;
    this.next.set(kind, id + 1);
    return id;
  }

  userId(login: string): number {
    let id = this.users.get(login);
    if (id === undefined) {
      id = 5_000 + this.users.size;
      this.users.set(login, id);
    }
    return id;
  }

  /** A new token (`ghs_` and 36 characters, as GitHub's installation tokens) with this grant. */
  issueToken(grant: TokenState): string {
    const token = `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, '0').slice(0, 36)}`;
    this.tokens.set(token, grant);
    return token;
  }

  /** The token's grant, unless it is unknown or expired. */
  token(value: string): TokenState | undefined {
    const token = this.tokens.get(value);
    return token && (token.expiresAt === undefined || token.expiresAt > Date.now()) ? token : undefined;
  }

  repo(fullName: string): RepoState | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  pull(repo: string, number: number): PullState | undefined {
    return this.pulls.find((p) => p.repo.toLowerCase() === repo.toLowerCase() && p.number === number);
  }

  /** Write access a token has to a repository ('none' when it cannot see it). */
  access(token: TokenState, fullName: string): 'none' | 'read' | 'write' {
    if (!token.repos) return 'write';
    const entry = Object.entries(token.repos).find(([name]) => name.toLowerCase() === fullName.toLowerCase());
    return entry?.[1] ?? 'none';
  }
}

/** Each job's most recent execution (GitHub's `filter=latest`): a re-run's job replaces the failed one. */
export function latestJobs(run: RunState): JobState[] {
  const latest = new Map<string, JobState>();
  for (const j of run.jobs) {
    const seen = latest.get(j.name);
    if (!seen || j.attempt >= seen.attempt) latest.set(j.name, j);
  }
  return [...latest.values()];
}
