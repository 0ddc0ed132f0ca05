import { beforeAll, describe, expect, it } from 'vitest';
import { prJobDeps } from '../src/compose/index.js';
import { githubClient } from '../src/forge/github/github-client.js';
import { GitHubForge } from '../src/forge/github/github-forge.js';
import { runPrJob, type JobRun, type PrOutcome } from '../src/pipeline/index.js';
import { parseAttempts } from '../src/publish/status-comment.js';
import { toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { checkAtHead, examplePullRequest, lintSlip, untilCloned } from './helpers/pr-fixture.js';

/**
 * The service runs a job again when its worker died, was stopped, or met an external error; each try
 * is the pr job with the job's id (`run`). A later try must finish what the earlier one left, once:
 * never "attempted before", never a second push, never a comment left "working".
 */

let server: GitHubServer;
let token: string;
useGitHubServer((s, t) => ((server = s), (token = t)));

beforeAll(() => {
  // The fix job's tools, as `serve` finds them on its PATH; no pinned installs from an index.
  process.env.PATH = toolsPath;
  process.env.CI_AUTOFIX_PINNED_TOOLS = '0';
});

async function tryJob(repo: string, run: JobRun): Promise<PrOutcome> {
  const auth = { kind: 'token' as const, token };
  const client = await githubClient(
    { apiUrl: server.apiUrl, auth, userAgent: 'test', retryBaseMs: 10 },
    repo,
  );
  const deps = prJobDeps({
    forge: new GitHubForge(client, auth),
    sandbox: 'auto',
    events: () => {},
  });
  return runPrJob(
    {
      repo,
      number: 1,
      autoApprove: true,
      dryRun: false,
      checkTimeoutMs: 600_000,
      fixerTimeoutMs: 300_000,
      run,
    },
    deps,
  );
}

const pushes = (repo: string) =>
  server.pushes.filter((p) => p.repo === repo && p.ref === 'refs/heads/feature');
const comment = (repo: string) => {
  const all = server.comments(repo, 1);
  expect(all).toHaveLength(1);
  return all[0]!.body;
};

describe('a later try of a service job', () => {
  it('finds the fix its earlier try pushed before it died: says so, and does not push again', async () => {
    const repo = 'octo/later-pushed';
    const p = await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    // The first try pushes, then cannot report (every comment update fails, as if it had died then).
    server.fault({ method: 'PATCH', path: /\/issues\/comments\/\d+$/, status: 500, times: 50 });
    await expect(tryJob(repo, { id: 'job-1', attempt: 1 })).rejects.toThrow();
    server.clearFaults();
    expect(pushes(repo)).toHaveLength(1);
    expect(comment(repo)).toContain('is working on');

    const later = await tryJob(repo, { id: 'job-1', attempt: 2 });
    expect(later).toMatchObject({ outcome: 'fixed', published: { mode: 'push' } });
    expect(pushes(repo)).toHaveLength(1);
    const body = comment(repo);
    expect(body).toContain('ci-autofix fixed the failing checks of');
    expect(body).toContain('pushed by an earlier try of this job; not pushed again');
    expect(parseAttempts(body).map((a) => [a.run, a.outcome])).toEqual([['job-1', 'fixed']]);
    expect(checkAtHead(server, repo, p.dir, toolsPath)).toBe(0);
  });

  it('a retry after an external error fixes the same failure again: its own earlier attempt is not "attempted before"', async () => {
    const repo = 'octo/later-retry';
    const p = await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    // Once the first try works on it, GitHub answers 502 however often it is asked before the push.
    const first = tryJob(repo, { id: 'job-2', attempt: 1 });
    await untilCloned(server, repo);
    server.fault({ method: 'GET', path: /\/pulls\/1$/, status: 502, times: 50 });
    await expect(first).rejects.toThrow();
    server.clearFaults();
    expect(comment(repo)).toContain('ci-autofix failed while working on');
    expect(pushes(repo)).toHaveLength(0);

    const later = await tryJob(repo, { id: 'job-2', attempt: 2 });
    expect(later).toMatchObject({ outcome: 'fixed', published: { mode: 'push' } });
    expect(pushes(repo)).toHaveLength(1);
    expect(pushes(repo)[0]!.before).toBe(p.headSha);
    const body = comment(repo);
    expect(body).toContain('ci-autofix fixed the failing checks of');
    expect(parseAttempts(body).map((a) => [a.run, a.outcome])).toEqual([['job-2', 'fixed']]);
    // Another job on the same failure is "attempted before", as ever.
    const other = await tryJob(repo, { id: 'job-3', attempt: 1 });
    expect(other.outcome).not.toBe('fixed');
    expect(pushes(repo)).toHaveLength(1);
  });

  it('a later try that finds the PR closed leaves the comment stopped, saying why', async () => {
    const repo = 'octo/later-closed';
    await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    // The first try stops before its push and cannot report (as if it had died while fixing).
    const first = tryJob(repo, { id: 'job-4', attempt: 1 });
    await untilCloned(server, repo);
    server.fault({ method: 'GET', path: /\/pulls\/1$/, status: 502, times: 50 });
    server.fault({ method: 'PATCH', path: /\/issues\/comments\/\d+$/, status: 500, times: 50 });
    await expect(first).rejects.toThrow();
    server.clearFaults();
    expect(comment(repo)).toContain('is working on');
    server.pull(repo, 1).state = 'closed';

    const later = await tryJob(repo, { id: 'job-4', attempt: 2 });
    expect(later).toMatchObject({ outcome: 'skipped', reason: 'the pull request is closed' });
    const body = comment(repo);
    expect(body).toContain('ci-autofix stopped on');
    expect(body).toContain('the pull request is closed');
    expect(parseAttempts(body).map((a) => [a.run, a.outcome])).toEqual([['job-4', 'stopped']]);
  });

  it('a job given up after its workers died says so on the PR and pushes nothing', async () => {
    const repo = 'octo/later-given-up';
    await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    const giveUp = 'its worker stopped 3 times while running it';
    const later = await tryJob(repo, { id: 'job-5', attempt: 4, giveUp });
    expect(later).toMatchObject({ outcome: 'failed', reason: giveUp });
    expect(comment(repo)).toContain('ci-autofix failed while working on');
    expect(comment(repo)).toContain(giveUp);
    expect(pushes(repo)).toHaveLength(0);
  });
});
