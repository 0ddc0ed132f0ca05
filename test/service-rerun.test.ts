import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliAsync, repoRoot } from './helpers/cli.js';
import { createTestDatabase } from './helpers/databases.js';
import { toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { webhookPayload } from './helpers/github-server/webhook-payload.js';
import { cleanPullRequest } from './helpers/pr-fixture.js';
import { deliver, startServe } from './helpers/serve-process.js';

/**
 * The service on a flaky test: the PR's CI failed on a test, but the same workflow passed on the same
 * commit before. The failure is judged flaky before any clone and the run re-run; when GitHub says the
 * re-run passed (its workflow_run webhook), the test is remembered as flaky, and `stats` and /metrics
 * list it. The store is the PostgreSQL server, as a deployment runs it.
 */
let server: GitHubServer;
let token: string;
const SECRET = 'webhook-secret-for-tests-0123456789';
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});
useGitHubServer((s, t) => ((server = s), (token = t)));

/** A real pytest failure (test/fixtures/tools/out/pytest-quiet.txt) as a GitHub Actions job log. */
function pytestJobLog(): string {
  const out = readFileSync(join(repoRoot, 'test/fixtures/tools/out/pytest-quiet.txt'), 'utf8');
  const at = (s: number) => `2026-12-07T01:30:${String(s).padStart(2, '0')}.0000000Z`;
  return [
    `${at(1)} ##[group]Run pytest -q`,
    ...out
      .trimEnd()
      .split('\n')
      .map((l) => `${at(2)} ${l}`),
    `${at(3)} ##[error]Process completed with exit code 1.`,
    `${at(3)} ##[endgroup]`,
    '',
  ].join('\n');
}

describe('ci-autofix serve, a flaky test', () => {
  it('re-runs it instead of fixing it, and remembers the test once the re-run passes', async () => {
    const repo = 'octo/flaky';
    const { headSha, pull } = await cleanPullRequest(server, repo);
    const base = { repo, headSha, headBranch: 'feature', name: 'CI', pullRequests: [pull.number] };
    const steps = [
      { name: 'Set up job', conclusion: 'success' as const, number: 1 },
      { name: 'Run pytest -q', conclusion: 'failure' as const, number: 2 },
    ];
    server.addWorkflowRun({
      ...base,
      conclusion: 'success',
      jobs: [{ name: 'test', conclusion: 'success', log: 'ok\n' }],
    });
    const run = server.addWorkflowRun({
      ...base,
      conclusion: 'failure',
      jobs: [{ name: 'test', conclusion: 'failure', log: pytestJobLog(), steps }],
    });

    const db = await createTestDatabase('postgres');
    cleanup.push(() => db.drop());
    await db.db.close();
    const serve = await startServe({
      GITHUB_TOKEN: token,
      ...server.clientEnv,
      PATH: toolsPath,
      CI_AUTOFIX_STATE_DIR: mkdtempSync(join(tmpdir(), 'ci-autofix-flaky-state-')),
      CI_AUTOFIX_PINNED_TOOLS: '0',
      AUTO_APPROVE: 'true',
      MONITOR_INTERVAL: '0',
      GITHUB_WEBHOOK_SECRET: SECRET,
      DATABASE_URL: db.url!,
    });
    cleanup.push(() => serve.stop('SIGKILL'));

    const failed = webhookPayload(server, 'workflow_run.completed', { repo, runId: run.id });
    expect((await deliver(serve.url, 'workflow_run', failed, SECRET)).status).toBe(202);
    expect(await serve.waitForLog((e) => e.msg === 'job finished')).toMatchObject({ outcome: 'skipped' });
    // Re-run, not fixed: no clone, no push; the comment says why.
    expect(server.requests.filter((q) => q.path.endsWith('/rerun-failed-jobs')).map((q) => q.status)).toEqual(
      [201],
    );
    expect(server.requests.some((q) => q.path.startsWith(`/git/${repo}`))).toBe(false);
    expect(server.pushes.filter((p) => p.repo === repo)).toEqual([]);
    const [comment] = server.comments(repo, pull.number);
    expect(comment!.body).toContain('re-ran the failed jobs');
    expect(comment!.body).toContain(`the job passed on the same commit (test: run `);

    // The re-run passes; GitHub's webhook for the run's second attempt ends the re-run.
    server.finishRerun(run.id, { test: { conclusion: 'success', log: 'ok\n' } });
    const passed = webhookPayload(server, 'workflow_run.completed', { repo, runId: run.id });
    expect(passed).toMatchObject({ workflow_run: { run_attempt: 2, conclusion: 'success' } });
    const answer = await deliver(serve.url, 'workflow_run', passed, SECRET);
    expect(answer.body.results).toEqual([
      `run ${run.id} passed when re-run: 1 re-run job(s) of ci-autofix ended`,
    ]);

    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toContain(
      `autofix_flaky_test_failures{repository="${repo}",test="tests/test_util.py::test_add_wrong"} 1`,
    );
    expect(metrics).toMatch(/^autofix_reruns\{verdict="flaky",result="all"\} 1$/m);
    expect(metrics).toMatch(/^autofix_reruns\{verdict="all",result="passed"\} 1$/m);
    expect(await serve.stop()).toBe(0);

    const stats = await cliAsync(['stats', '--format', 'json'], { DATABASE_URL: db.url!, PATH: toolsPath });
    expect(stats.code, stats.stderr).toBe(0);
    const s = JSON.parse(stats.stdout) as {
      flaky_tests: Array<{ repository: string; test: string; failures: number; commits: number }>;
      reruns: Record<string, number>;
    };
    expect(
      s.flaky_tests.map(({ repository, test, failures, commits }) => ({
        repository,
        test,
        failures,
        commits,
      })),
    ).toEqual([
      { repository: repo, test: 'tests/test_util.py::test_add_wrong', failures: 1, commits: 1 },
      { repository: repo, test: 'tests/test_util.py::test_raises', failures: 1, commits: 1 },
    ]);
    expect(s.reruns).toEqual({ infrastructure: 0, flaky: 1, passed: 1, failed: 0, waiting: 0 });
    const text = await cliAsync(['stats'], { DATABASE_URL: db.url!, PATH: toolsPath });
    expect(text.stdout).toContain(
      `most flaky tests:\n  ${repo} tests/test_util.py::test_add_wrong: failed 1× on 1 commit(s)`,
    );
  });
});
