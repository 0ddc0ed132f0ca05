import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, exampleRepo } from './example-repo.js';
import type { GitHubServer } from './github-server/index.js';
import { webhookPayload } from './github-server/webhook-payload.js';
import { actionsLog, failedCheckRun, lintSlip, runCheck } from './pr-fixture.js';
import { deliver, startServe, type ServeProcess } from './serve-process.js';

/**
 * Several `ci-autofix serve` replicas on one PostgreSQL database, as a Deployment runs them, and the
 * failing pull requests they fix: the fault tests (test/service-faults-*.test.ts) and their benchmark
 * (bench/service-faults) kill and replace replicas and then check what every PR ended with.
 */

export interface FailingPull {
  repo: string;
  number: number;
  branch: string;
  /** The head that failed: the fix must be pushed on top of it, fast-forward. */
  headSha: string;
  /** A clone for checking the branch's head later (checkAt). */
  dir: string;
  runId: number;
}

/**
 * `perRepo` pull requests in each of `repos` on the double, each on a branch of its own with the
 * python-service example's format and lint slip (ruff format, F401, isort: fixable without a model; the check runs ruff only),
 * and a failed workflow run whose log is the check's real output.
 */
export async function failingPulls(
  server: GitHubServer,
  repos: string[],
  perRepo: number,
  path: string,
  /** Seconds every run of the PRs' check sleeps first (a job slower than the shutdown grace). */
  slowCheck = 0,
): Promise<FailingPull[]> {
  const pulls: FailingPull[] = [];
  for (const repo of repos) {
    const dir = exampleRepo('python-service', lintSlip);
    if (slowCheck) {
      const justfile = join(dir, 'justfile');
      writeFileSync(
        justfile,
        readFileSync(justfile, 'utf8').replace('set -u\n', `set -u\n    sleep ${slowCheck}\n`),
      );
      git(dir, 'commit', '--quiet', '--amend', '-am', 'change that breaks CI');
    }
    const broken = git(dir, 'rev-parse', 'HEAD').trim();
    const branches = Array.from({ length: perRepo }, (_, i) => `change-${i + 1}`);
    for (const branch of branches) {
      // The same change, a commit of its own per branch.
      git(dir, 'checkout', '--quiet', '-B', branch, broken);
      git(dir, 'commit', '--quiet', '--amend', '-m', `change that breaks CI (${branch})`);
    }
    git(dir, 'checkout', '--quiet', broken);
    const check = runCheck(dir, path);
    git(dir, 'checkout', '--quiet', '-B', 'main', `${broken}~1`);
    await server.addRepo({ fullName: repo, from: dir, defaultBranch: 'main' });
    const log = actionsLog('just check', check.output, check.code);
    for (const branch of branches) {
      const pull = server.addPullRequest({ repo, head: { repo, ref: branch }, base: { ref: 'main' } });
      const headSha = git(dir, 'rev-parse', branch).trim();
      const run = failedCheckRun(server, { repo, headSha, branch, log, pull: pull.number });
      pulls.push({ repo, number: pull.number, branch, headSha, dir, runId: run.id });
    }
  }
  return pulls;
}

/** The check's exit code at the branch's head as the double has it now. */
export function checkAt(server: GitHubServer, p: FailingPull, path: string): number {
  git(p.dir, 'fetch', '--quiet', server.state.repo(p.repo)!.gitDir, p.branch);
  git(p.dir, 'checkout', '--quiet', 'FETCH_HEAD');
  return runCheck(p.dir, path).code;
}

/**
 * Each PR's failed run delivered twice (GitHub redelivers), each time to the next replica in turn, as a
 * load balancer would: one that is gone (killed meanwhile) is skipped for the next.
 */
export async function deliverTwice(
  server: GitHubServer,
  replicas: ServeProcess[],
  pulls: FailingPull[],
  secret: string,
): Promise<string[]> {
  const answers: string[] = [];
  let next = 0;
  for (let round = 0; round < 2; round++)
    for (const p of pulls) {
      const payload = webhookPayload(server, 'workflow_run.completed', { repo: p.repo, runId: p.runId });
      let answered: string | undefined;
      for (let tries = 0; answered === undefined && tries < replicas.length; tries++) {
        const replica = replicas[next++ % replicas.length]!;
        const r = await deliver(replica.url, 'workflow_run', payload, secret).catch(() => undefined);
        if (!r) continue;
        if (r.status !== 202) throw new Error(`webhook answered ${r.status}: ${JSON.stringify(r.body)}`);
        answered = String((r.body.results as string[])[0]);
      }
      if (answered === undefined) throw new Error('no replica answered the webhook');
      answers.push(answered);
    }
  return answers;
}

/** The environment of replicas sharing the database `databaseUrl`, as a deployment sets it (AUTO_APPROVE). */
export function fleetEnv(o: {
  token: string;
  apiUrl: string;
  secret: string;
  databaseUrl: string;
  stateDir: string;
  path: string;
}): Record<string, string> {
  return {
    GITHUB_TOKEN: o.token,
    GITHUB_API_URL: o.apiUrl,
    GITHUB_WEBHOOK_SECRET: o.secret,
    DATABASE_URL: o.databaseUrl,
    PATH: o.path,
    CI_AUTOFIX_STATE_DIR: o.stateDir,
    CI_AUTOFIX_PINNED_TOOLS: '0',
    AUTO_APPROVE: 'true',
    MONITOR_INTERVAL: '0',
  };
}

/** `count` replicas started at the same moment (their start-up races on a fresh database). */
export function startReplicas(count: number, env: Record<string, string>): Promise<ServeProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startServe(env)));
}

/** What one PR ended with, as a user would see it. */
export interface PullVerdict {
  pull: string;
  pushes: number;
  fastForward: boolean;
  comments: number;
  /** The status comment's headline state, e.g. "fixed", "working". */
  state: string;
  green: boolean;
}

const HEADLINES: Array<[RegExp, string]> = [
  [/ci-autofix is working on/, 'working'],
  [/ci-autofix fixed the failing checks/, 'fixed'],
  [/ci-autofix proposes a fix/, 'proposed'],
  [/ci-autofix fixed part of/, 'partial'],
  [/ci-autofix could not fix/, 'not-fixed'],
  [/ci-autofix failed while working/, 'failed'],
  [/ci-autofix stopped on/, 'stopped'],
];

export function verdict(server: GitHubServer, p: FailingPull, path: string): PullVerdict {
  const pushes = server.pushes.filter((x) => x.repo === p.repo && x.ref === `refs/heads/${p.branch}`);
  const comments = server.comments(p.repo, p.number);
  const body = comments[0]?.body ?? '';
  return {
    pull: `${p.repo}#${p.number}`,
    pushes: pushes.length,
    fastForward: pushes.every((x) => x.before === p.headSha),
    comments: comments.length,
    state: HEADLINES.find(([re]) => re.test(body))?.[1] ?? (body ? 'unknown' : 'none'),
    green: pushes.length > 0 && checkAt(server, p, path) === 0,
  };
}

/** A PR as the fault tests want it: fixed by one fast-forward push, green, one comment saying so. */
export const FIXED_ONCE = { pushes: 1, fastForward: true, comments: 1, state: 'fixed', green: true };
