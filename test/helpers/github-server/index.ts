import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitSync } from './git.js';
import { handleRequest, type Dispatcher, type Fault, type RequestRecord } from './handle-request.js';
import { syncPullHeadSync } from './pull-heads.js';
import { error, type ServerContext } from './rest.js';
import {
  GitHubState,
  isoNow,
  latestJobs,
  type AppTokenState,
  type CheckRunState,
  type CommentState,
  type Conclusion,
  type PullState,
  type PushState,
  type RepoState,
  type ReviewState,
  type RunState,
  type StepState,
} from './state.js';

/**
 * A stateful local GitHub for tests: the REST API (as much as `ci-autofix pr` uses) and git smart HTTP,
 * on 127.0.0.1, for the official Octokit client (`baseUrl: server.apiUrl`) and the real git CLI.
 *
 * - Auth as for a GitHub App installation token: REST needs `Authorization: token|Bearer <t>` with a
 *   token from `createToken` or an App's installation (401 "Bad credentials" otherwise, or once it
 *   expired); a write on a repository the token may only read is 403 "Resource not accessible by
 *   integration"; a repository it cannot see is 404. Git needs HTTP Basic `x-access-token:<t>`
 *   (actions/checkout's `http.extraHeader`), 401 + `WWW-Authenticate` without.
 * - GitHub Apps (`addApp`: a new RSA 2048 key pair, the private key PEM handed to the test, installed on
 *   some repositories of one account). The App endpoints take only the App's JWT (app-auth.ts): RS256
 *   signed by its key, `iss` its id, `exp` at most 10 minutes after `iat`, 60 s of clock skew allowed;
 *   a bad, expired or foreign JWT, or any other token there, is 401 with GitHub's own messages (those
 *   @octokit/auth-app retries on for clock skew among them). A valid JWT anywhere else is 403. Tokens
 *   from `POST /app/installations/{id}/access_tokens` are ordinary tokens of the double: `<slug>[bot]`,
 *   write on the installation's repositories only (or those the request names; `contents: read` if
 *   asked), expiring after an hour; `appTokens` lists each one issued, so a test can see refreshes.
 * - Git is the real `git http-backend` over bare repositories with `receive.denyNonFastForwards`
 *   (force pushes are refused). A token with write on a base repository may push to a fork's pull
 *   request head branch only when that pull request allows maintainer edits. Pull request heads follow
 *   their branches after every push; `pushes` records each ref move.
 * - Job logs: `GET .../actions/jobs/{id}/logs` → 302 to an unauthenticated, short-lived `/_blobs/` URL
 *   (text/plain); run logs → 302 to a zip in GitHub's layout; `expireLogs` makes them 410.
 * - Every REST request and JSON response is checked against GitHub's OpenAPI description
 *   (openapi-checker.ts); `violations` lists the mismatches, and tests assert it stays empty.
 * - `fault` makes the next matching requests fail with a given status, headers and body.
 *
 * REST routes (routes-*.ts, keyed by the spec's own path templates; any other spec operation is 404
 * plus a violation, a path the spec does not have is 404 `{message: 'Not Found'}` plus a violation):
 *   apps:    GET /app, GET /app/installations/{id}, GET /repos/{o}/{r}/installation,
 *            POST /app/installations/{id}/access_tokens (JWT only; routes-apps.ts)
 *   repos:   GET /repos/{o}/{r}, GET .../contents/{path}?ref=, GET .../commits/{ref},
 *            GET .../git/ref/{ref}, POST .../git/refs, PATCH .../git/refs/{ref},
 *            GET .../collaborators/{username}/permission
 *   pulls:   GET .../pulls/{n}, GET .../pulls?head=owner:branch&state=&base=, POST .../pulls,
 *            GET .../pulls/{n}/files, GET .../pulls/{n}/commits, POST|GET .../pulls/{n}/reviews,
 *            GET .../pulls/{n}/comments
 *   actions: GET .../actions/runs?head_sha=&status=&event=&branch=, GET .../actions/runs/{id},
 *            GET .../actions/runs/{id}/jobs, GET .../actions/jobs/{id}, GET .../actions/jobs/{id}/logs,
 *            GET .../actions/runs/{id}/logs
 *   checks:  GET .../commits/{ref}/check-runs, POST .../check-runs, GET|PATCH .../check-runs/{id}
 *   issues:  GET|POST .../issues/{n}/comments, GET|PATCH .../issues/comments/{id},
 *            POST .../issues/{n}/reactions, POST .../issues/comments/{id}/reactions
 * Lists paginate with per_page/page and a Link header. Webhook payloads built on the official
 * examples: webhook-payload.ts.
 */

export type {
  AppTokenState,
  CheckRunState,
  CommentState,
  PullState,
  PushState,
  RepoState,
  ReviewState,
  RunState,
};
export type { Fault, RequestRecord };
export { webhookPayload } from './webhook-payload.js';

export interface AddRepoOptions {
  fullName: string;
  /** A local git repository to clone (bare) from: its branches become the repository's branches. */
  from: string;
  defaultBranch?: string;
  /** full_name of the repository this one is a fork of. */
  forkOf?: string;
}

export interface AddPullRequestOptions {
  repo: string;
  number?: number;
  head: { repo: string; ref: string };
  base: { ref: string };
  title?: string;
  body?: string;
  labels?: string[];
  maintainerCanModify?: boolean;
  draft?: boolean;
  user?: string;
  state?: 'open' | 'closed';
  merged?: boolean;
}

export interface AddJobOptions {
  name: string;
  conclusion: Conclusion;
  log: string | Buffer;
  steps?: StepState[];
  /** The run attempt it ran in (default: the run's `runAttempt`); earlier attempts model re-runs. */
  attempt?: number;
}

export interface AddWorkflowRunOptions {
  repo: string;
  headSha: string;
  headBranch: string;
  /** full_name of the repository the head commit is in (a fork); default `repo`. */
  headRepo?: string;
  name?: string;
  event?: string;
  conclusion: Conclusion;
  jobs: AddJobOptions[];
  /** Pull request numbers of `repo` the run belongs to (GitHub lists none for a fork's run). */
  pullRequests?: number[];
  runAttempt?: number;
}

export interface AddAppOptions {
  /** The App's slug: its installation tokens act as `<slug>[bot]` (default `app-<id>`). */
  slug?: string;
  /** full_names the App is installed on: one installation, so one owner (they need not exist yet). */
  repos: string[];
  /** The private key's PEM: PKCS#1 (`BEGIN RSA PRIVATE KEY`, what GitHub issues; default) or PKCS#8. */
  keyFormat?: 'pkcs1' | 'pkcs8';
}

export interface AddedApp {
  appId: number;
  slug: string;
  /** An RSA 2048 private key, PEM; the double keeps only the public half. */
  privateKey: string;
  installationId: number;
}

export interface GitHubServer {
  /** REST base URL: Octokit's `baseUrl`, `GITHUB_API_URL`. */
  apiUrl: string;
  /** `GITHUB_SERVER_URL` (html_url's host; the same server). */
  serverUrl: string;
  /**
   * What a ci-autofix process needs to talk to the double: GITHUB_API_URL, and no pause between writes
   * (GITHUB_WRITE_SPACING_MS=0: the double has no secondary rate limits; a fault test that wants them
   * answers with them through `fault`). bench/service-faults and test/service-faults-* keep the default.
   */
  clientEnv: { GITHUB_API_URL: string; GITHUB_WRITE_SPACING_MS: string };
  /** http://127.0.0.1:PORT/git/owner/repo.git (the API's clone_url). */
  cloneUrl(fullName: string): string;
  /** A new installation-like token; `repos` maps full_name → contents permission (default: write everywhere). */
  createToken(opts?: {
    login?: string;
    repos?: Record<string, 'read' | 'write'>;
    /** `contents: read` while the rest is write: no push and no ref writes. */
    contents?: 'read';
    /** `actions: read`: no re-runs. */
    actions?: 'read';
  }): string;
  addRepo(opts: AddRepoOptions): Promise<RepoState>;
  /** A GitHub App with a new key pair, installed on `repos`. */
  addApp(opts: AddAppOptions): AddedApp;
  /** Every installation token `POST /app/installations/{id}/access_tokens` issued, in order. */
  appTokens: AppTokenState[];
  addPullRequest(opts: AddPullRequestOptions): PullState;
  /** A completed workflow run with its jobs (and a check run per job, with the job's id). */
  addWorkflowRun(opts: AddWorkflowRunOptions): RunState;
  /** Completes the jobs a re-run queued (by name), and the run with them once none waits. */
  finishRerun(runId: number, jobs: Record<string, { conclusion: Conclusion; log: string }>): RunState;
  /** A collaborator's role on a repository (default: admin for the owner, read for anyone else). */
  setPermission(
    repo: string,
    login: string,
    role: 'none' | 'read' | 'triage' | 'write' | 'maintain' | 'admin',
  ): void;
  /** The logs of a job (or of every job of a run) now answer 410 Gone. */
  expireLogs(jobOrRunId: number): void;
  /** The next `times` (default 1) matching requests answer `status` with `headers` and `body`. */
  fault(f: Fault): void;
  /** Forgets the faults not yet used up. */
  clearFaults(): void;
  requests: RequestRecord[];
  violations: string[];
  pushes: PushState[];
  comments(repo: string, issue: number): CommentState[];
  reviews(repo: string, pull: number): ReviewState[];
  pulls(repo: string): PullState[];
  pull(repo: string, number: number): PullState;
  /** Closes a pull request, merged or not, as the web UI does (its webhook is the test's to send). */
  closePull(repo: string, number: number, merged: boolean): PullState;
  runs(repo: string): RunState[];
  checkRuns(repo: string): CheckRunState[];
  /** The commit a branch (or any ref) of a repository points at, read from git. */
  headSha(repo: string, ref: string): string;
  repo(fullName: string): RepoState;
  state: GitHubState;
  close(): Promise<void>;
}

export async function startGitHubServer(opts: { dir?: string } = {}): Promise<GitHubServer> {
  const ownsDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'github-server-'));
  const state = new GitHubState();
  const ctx: ServerContext = {
    state,
    apiUrl: '',
    webUrl: '',
    baseUrl: '',
    cloneUrl: (fullName) => `${ctx.baseUrl}/git/${fullName}.git`,
    blobs: new Map(),
  };
  const dispatcher: Dispatcher = { ctx, faults: [], requests: [], violations: [], rateRemaining: new Map() };
  const server = createServer((req, res) => {
    handleRequest(dispatcher, req, res).catch((e: unknown) => {
      dispatcher.violations.push(`${req.method} ${req.url}: the double threw ${String(e)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(error(500, String(e)).json));
      } else res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  ctx.baseUrl = ctx.apiUrl = ctx.webUrl = `http://127.0.0.1:${port}`;

  const mustRepo = (fullName: string) => {
    const repo = state.repo(fullName);
    if (!repo) throw new Error(`github-server: no repository ${fullName}`);
    return repo;
  };

  return {
    apiUrl: ctx.apiUrl,
    serverUrl: ctx.webUrl,
    clientEnv: { GITHUB_API_URL: ctx.apiUrl, GITHUB_WRITE_SPACING_MS: '0' },
    cloneUrl: ctx.cloneUrl,
    requests: dispatcher.requests,
    violations: dispatcher.violations,
    pushes: state.pushes,
    appTokens: state.appTokens,
    state,
    createToken({ login = 'ci-autofix[bot]', repos, contents, actions } = {}) {
      return state.issueToken({
        login,
        ...(repos ? { repos } : {}),
        ...(contents ? { contents } : {}),
        ...(actions ? { actions } : {}),
      });
    },
    async addRepo({ fullName, from, defaultBranch, forkOf }) {
      const [owner, name] = fullName.split('/') as [string, string];
      const gitDir = join(dir, 'repos', owner, `${name}.git`);
      mkdirSync(join(dir, 'repos', owner), { recursive: true });
      gitSync(undefined, ['clone', '--quiet', '--bare', '--no-local', from, gitDir]);
      // A bare clone keeps the source's branches as its own; remote-tracking refs would be noise.
      gitSync(gitDir, ['config', 'receive.denyNonFastForwards', 'true']);
      gitSync(gitDir, ['config', 'http.receivepack', 'true']);
      gitSync(gitDir, ['config', 'uploadpack.allowReachableSHA1InWant', 'true']);
      const head = gitSync(gitDir, ['symbolic-ref', '--short', 'HEAD']).trim();
      const branch = defaultBranch ?? head;
      gitSync(gitDir, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
      const repo: RepoState = {
        id: state.id('repo'),
        owner,
        name,
        fullName,
        defaultBranch: branch,
        gitDir,
        ...(forkOf ? { forkOf: mustRepo(forkOf).fullName } : {}),
        createdAt: isoNow(),
      };
      state.repos.set(fullName.toLowerCase(), repo);
      return repo;
    },
    addApp({ slug, repos, keyFormat = 'pkcs1' }) {
      const owners = [...new Set(repos.map((r) => r.split('/')[0]!.toLowerCase()))];
      if (owners.length !== 1)
        throw new Error(
          `github-server: an installation belongs to one account; got ${repos.length ? repos.join(', ') : 'no repositories'}`,
        );
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = privateKey.export({ type: keyFormat, format: 'pem' }).toString();
      const id = state.id('app');
      const owner = repos[0]!.split('/')[0]!;
      const app = {
        id,
        slug: slug ?? `app-${id}`,
        clientId: `Iv23li${randomBytes(7).toString('hex')}`,
        owner,
        publicKey: createPublicKey(privateKey),
        createdAt: isoNow(),
      };
      if (state.apps.some((a) => a.slug === app.slug))
        throw new Error(`github-server: an App ${app.slug} exists already`);
      state.apps.push(app);
      const installation = {
        id: state.id('installation'),
        appId: id,
        account: owner,
        repos: [...repos],
        createdAt: isoNow(),
      };
      state.installations.push(installation);
      return { appId: id, slug: app.slug, privateKey: pem, installationId: installation.id };
    },
    addPullRequest(o) {
      const base = mustRepo(o.repo);
      mustRepo(o.head.repo);
      const taken = state.pulls.filter((p) => p.repo === base.fullName).map((p) => p.number);
      const now = isoNow();
      const pull: PullState = {
        id: state.id('pull'),
        repo: base.fullName,
        number: o.number ?? Math.max(0, ...taken) + 1,
        title: o.title ?? `Change ${o.head.ref}`,
        body: o.body ?? null,
        labels: o.labels ?? [],
        state: o.state ?? (o.merged ? 'closed' : 'open'),
        merged: o.merged ?? false,
        draft: o.draft ?? false,
        maintainerCanModify: o.maintainerCanModify ?? false,
        user: o.user ?? mustRepo(o.head.repo).owner,
        head: { repo: mustRepo(o.head.repo).fullName, ref: o.head.ref, sha: '' },
        base: {
          ref: o.base.ref,
          sha: gitSync(base.gitDir, ['rev-parse', `refs/heads/${o.base.ref}`]).trim(),
        },
        reactions: [],
        createdAt: now,
        updatedAt: now,
      };
      syncPullHeadSync(state, pull);
      state.pulls.push(pull);
      return pull;
    },
    addWorkflowRun(o) {
      const repo = mustRepo(o.repo);
      const runId = state.id('run');
      const checkSuiteId = state.id('check-suite');
      const now = isoNow();
      const run: RunState = {
        id: runId,
        repo: repo.fullName,
        name: o.name ?? 'CI',
        event: o.event ?? 'pull_request',
        headSha: o.headSha,
        headBranch: o.headBranch,
        headRepo: o.headRepo ? mustRepo(o.headRepo).fullName : repo.fullName,
        status: 'completed',
        conclusion: o.conclusion,
        pullRequests: o.pullRequests ?? [],
        jobs: [],
        runNumber: state.runs.filter((r) => r.repo === repo.fullName).length + 1,
        runAttempt: o.runAttempt ?? 1,
        checkSuiteId,
        logsExpired: false,
        createdAt: now,
      };
      for (const j of o.jobs) {
        const id = state.id('job');
        run.jobs.push({
          id,
          runId,
          name: j.name,
          conclusion: j.conclusion,
          attempt: j.attempt ?? run.runAttempt,
          log: typeof j.log === 'string' ? Buffer.from(j.log) : j.log,
          steps: j.steps ?? [],
          checkRunId: id,
          logsExpired: false,
        });
        state.checkRuns.push({
          id,
          repo: repo.fullName,
          headSha: o.headSha,
          name: j.name,
          status: 'completed',
          conclusion: j.conclusion,
          externalId: '',
          detailsUrl: `${ctx.webUrl}/${repo.fullName}/actions/runs/${runId}/job/${id}`,
          title: null,
          summary: null,
          text: null,
          annotations: [],
          startedAt: now,
          completedAt: now,
          checkSuiteId,
          app: 'actions',
        });
      }
      state.runs.push(run);
      return run;
    },
    finishRerun(runId, jobs) {
      const run = state.runs.find((r) => r.id === runId);
      if (!run) throw new Error(`github-server: no run ${runId}`);
      for (const job of run.jobs) {
        const done = job.conclusion === null ? jobs[job.name] : undefined;
        if (!done) continue;
        job.conclusion = done.conclusion;
        job.log = Buffer.from(done.log);
        const check = state.checkRuns.find((c) => c.id === job.checkRunId);
        if (check) Object.assign(check, { status: 'completed', conclusion: done.conclusion });
      }
      if (run.jobs.some((j) => j.conclusion === null)) return run;
      run.status = 'completed';
      run.conclusion = latestJobs(run).some((j) => j.conclusion !== 'success') ? 'failure' : 'success';
      return run;
    },
    setPermission(repo, login, role) {
      state.permissions.set(`${mustRepo(repo).fullName.toLowerCase()} ${login.toLowerCase()}`, role);
    },
    expireLogs(id) {
      for (const run of state.runs) {
        if (run.id === id) run.logsExpired = true;
        for (const job of run.jobs) if (job.id === id) job.logsExpired = true;
      }
    },
    fault(f) {
      dispatcher.faults.push({ ...f, left: f.times ?? 1 });
    },
    clearFaults() {
      dispatcher.faults.splice(0);
    },
    comments: (repo, issue) =>
      state.comments.filter((c) => c.repo === mustRepo(repo).fullName && c.issue === issue),
    reviews: (repo, pull) =>
      state.reviews.filter((r) => r.repo === mustRepo(repo).fullName && r.pull === pull),
    pulls: (repo) => state.pulls.filter((p) => p.repo === mustRepo(repo).fullName),
    pull(repo, number) {
      const pull = state.pull(repo, number);
      if (!pull) throw new Error(`github-server: no pull request ${repo}#${number}`);
      return pull;
    },
    closePull(repo, number, merged) {
      const pull = state.pull(repo, number);
      if (!pull) throw new Error(`github-server: no pull request ${repo}#${number}`);
      Object.assign(pull, { state: 'closed', merged, updatedAt: isoNow() });
      return pull;
    },
    runs: (repo) => state.runs.filter((r) => r.repo === mustRepo(repo).fullName),
    checkRuns: (repo) => state.checkRuns.filter((c) => c.repo === mustRepo(repo).fullName),
    headSha: (repo, ref) =>
      gitSync(mustRepo(repo).gitDir, [
        'rev-parse',
        ref.startsWith('refs/') ? ref : `refs/heads/${ref}`,
      ]).trim(),
    repo: mustRepo,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
