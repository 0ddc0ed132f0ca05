import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, repoRoot } from './helpers/cli.js';
import { toolsPath } from './helpers/example-repo.js';
import { startFakeLlmServer, type FakeLlmServer } from './helpers/fake-llm-server.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { cleanPullRequest, failedCheckRun } from './helpers/pr-fixture.js';

/**
 * `ci-autofix pr` on a failure no code change fixes: the PR's CI died installing its dependencies because
 * pip could not reach its index (a real recording, test/fixtures/infrastructure/pip-dns-job.log). The job
 * is judged from its log, before any clone, and re-run through the API instead of fixed: nothing is
 * cloned, no model asked, nothing pushed; one status comment says which run was re-run and why. A re-run
 * that fails the same way is not re-run again (`retry.max` 1, the default): it is treated as the change's.
 */
const STATUS_MARKER = '<!-- ci-autofix:status -->';
const RERUN = /\/actions\/runs\/\d+\/rerun-failed-jobs$/;
let server: GitHubServer;
let token: string;
let model: FakeLlmServer;
useGitHubServer((s, t) => ((server = s), (token = t)));
beforeAll(async () => (model = await startFakeLlmServer()));
afterAll(() => model.close());

const pipLog = () => readFileSync(join(repoRoot, 'test/fixtures/infrastructure/pip-dns-job.log'), 'utf8');

/** A clean PR whose CI run failed on pip's DNS failure. */
async function cleanPullRequestFailing(repo: string) {
  const { headSha, pull } = await cleanPullRequest(server, repo);
  const run = failedCheckRun(server, { repo, headSha, branch: 'feature', log: pipLog(), pull: pull.number });
  return { pull, run };
}

async function pr(repo: string, number: number, githubToken = token, args: string[] = []) {
  const r = await cliAsync(['pr', `${repo}#${number}`, '--format', 'json', ...args], {
    GITHUB_TOKEN: githubToken,
    ...server.clientEnv,
    PATH: toolsPath,
    AUTO_APPROVE: 'true',
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: model.url,
    CI_AUTOFIX_STATE_DIR: mkdtempSync(join(tmpdir(), 'ci-autofix-judge-state-')),
    CI_AUTOFIX_PINNED_TOOLS: '0',
  });
  const out = JSON.parse(r.stdout) as {
    outcome: string;
    reason: string;
    published: { mode: string };
    reruns?: Array<{ run: number; jobs: string[]; result: string }>;
  };
  return { code: r.code, stderr: r.stderr, out };
}

const cloned = (repo: string) => server.requests.some((q) => q.path.startsWith(`/git/${repo}`));
const reruns = (repo: string) =>
  server.requests.filter((q) => q.path.startsWith(`/repos/${repo}/`) && RERUN.test(q.path));

describe('ci-autofix pr, re-running what no code change fixes', () => {
  it("a job the network failed is re-run once, not fixed; failing the same way again, it is the change's", async () => {
    const repo = 'octo/rerun';
    const { pull, run } = await cleanPullRequestFailing(repo);

    // --dry-run judges and says so, and re-runs nothing.
    const dry = await pr(repo, pull.number, token, ['--dry-run']);
    expect(dry.out.reason).toMatch(/re-running the failed job\(s\): .* \(--dry-run: not re-run\)$/);
    expect(reruns(repo)).toEqual([]);
    expect(server.comments(repo, pull.number)).toEqual([]);

    const first = await pr(repo, pull.number);
    expect(first.code, first.stderr).toBe(1);
    expect(first.out.outcome).toBe('skipped');
    expect(first.out.reason).toMatch(
      /^nothing to fix in the code, re-running the failed job\(s\): pip could not reach/,
    );
    expect(first.out.reruns).toEqual([{ run: run.id, jobs: ['check'], result: 'rerun' }]);
    // One re-run asked for; the run is at its second attempt, the failed job queued again.
    expect(reruns(repo).map((q) => q.status)).toEqual([201]);
    expect(server.runs(repo)[0]!.runAttempt).toBe(2);
    // Judged from the log alone: the head never fetched, no model asked, nothing pushed.
    expect(cloned(repo)).toBe(false);
    expect(model.requests).toEqual([]);
    expect(server.pushes.filter((p) => p.repo === repo)).toEqual([]);
    const [comment, ...more] = server.comments(repo, pull.number);
    expect(more).toEqual([]);
    expect(comment!.body).toContain(STATUS_MARKER);
    expect(comment!.body).toContain('re-ran the failed jobs');
    expect(comment!.body).toMatch(/`job` infrastructure: `pip could not reach the package index/);
    expect(comment!.body).toContain(`- run ${run.id} (\`check\`): re-run requested`);

    // The re-run fails the same way: no second re-run; the failure is now treated as the change's.
    server.finishRerun(run.id, { check: { conclusion: 'failure', log: pipLog() } });
    const second = await pr(repo, pull.number);
    expect(second.out.reruns).toBeUndefined();
    expect(reruns(repo)).toHaveLength(1);
    expect(cloned(repo)).toBe(true);
    const after = server.comments(repo, pull.number);
    expect(after).toHaveLength(1);
    expect(after[0]!.body).toContain('failed again after 1 re-run(s) (retry.max: 1)');
    expect(after[0]!.body).not.toContain('re-run requested');
  });

  it('without actions: write nothing is re-run, and the comment says a re-run is suggested and why', async () => {
    const repo = 'octo/rerun-read';
    const { pull, run } = await cleanPullRequestFailing(repo);
    const readOnly = server.createToken({ actions: 'read' });
    const r = await pr(repo, pull.number, readOnly);
    expect(r.code, r.stderr).toBe(1);
    expect(r.out.reruns).toEqual([
      { run: run.id, jobs: ['check'], result: 'denied', reason: expect.stringContaining('actions: write') },
    ]);
    expect(reruns(repo).map((q) => q.status)).toEqual([403]);
    expect(server.runs(repo)[0]!.runAttempt).toBe(1);
    expect(cloned(repo)).toBe(false);
    const [comment] = server.comments(repo, pull.number);
    expect(comment!.body).toContain('stopped on');
    expect(comment!.body).toContain('re-run suggested');
    expect(comment!.body).toContain('actions: write');
    expect(comment!.body).toContain('not permitted, re-run suggested');
  });
});
