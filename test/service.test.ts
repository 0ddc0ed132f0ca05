import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/store/index.js';
import { cliAsync } from './helpers/cli.js';
import { createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { webhookPayload } from './helpers/github-server/webhook-payload.js';
import { checkAtHead, examplePullRequest, lintSlip } from './helpers/pr-fixture.js';
import { deliver, startServe, type ServeProcess } from './helpers/serve-process.js';

/**
 * `ci-autofix serve` end to end, as a deployment runs it: a child process with its configuration in the
 * environment, GitHub's webhooks signed with the shared secret, the GitHub double behind GITHUB_API_URL,
 * the store embedded (PGlite) or on the PostgreSQL server.
 */

let server: GitHubServer;
let token: string;
const SECRET = 'webhook-secret-for-tests-0123456789';
const DASHBOARD = 'dashboard-token-for-tests-0123456789';
const state = mkdtempSync(join(tmpdir(), 'ci-autofix-serve-state-'));
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

useGitHubServer((s, t) => ((server = s), (token = t)));

function env(extra: Record<string, string>): Record<string, string> {
  return {
    GITHUB_TOKEN: token,
    ...server.clientEnv,
    PATH: toolsPath,
    CI_AUTOFIX_STATE_DIR: state,
    CI_AUTOFIX_PINNED_TOOLS: '0',
    AUTO_APPROVE: 'true',
    MONITOR_INTERVAL: '0',
    WORKER_CONCURRENCY: '2',
    ...extra,
  };
}

async function metric(url: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  for (const l of text.split('\n')) {
    const m = line.exec(l);
    if (m) return Number(l.split(' ').at(-1));
  }
  return undefined;
}

describe.each(['pglite', 'postgres'] as const)('ci-autofix serve on %s', (backend) => {
  it('turns a signed workflow_run failure into one fix pushed to the PR, and stores what it did', async () => {
    const repo = `octo/serve-${backend}`;
    const p = await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    const run = server.runs(repo)[0]!;
    const db: TestDatabase = await createTestDatabase(backend);
    cleanup.push(() => db.drop());
    // The service opens the database itself (PGlite serves one process at a time).
    await db.db.close();
    const store: Record<string, string> =
      backend === 'postgres' ? { DATABASE_URL: db.url! } : { CI_AUTOFIX_DATA_DIR: db.dataDir };
    const serve: ServeProcess = await startServe(
      env({ GITHUB_WEBHOOK_SECRET: SECRET, DASHBOARD_TOKEN: DASHBOARD, ...store }),
    );
    cleanup.push(() => serve.stop('SIGKILL'));

    // Probes.
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${serve.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', schema: SCHEMA_VERSION });

    const payload = webhookPayload(server, 'workflow_run.completed', { repo, runId: run.id });
    // A forged or missing signature is refused, and queues nothing.
    expect((await deliver(serve.url, 'workflow_run', payload, 'wrong-secret')).status).toBe(401);
    expect((await deliver(serve.url, 'workflow_run', payload, SECRET, { signature: null })).status).toBe(401);

    const first = await deliver(serve.url, 'workflow_run', payload, SECRET);
    expect(first.status).toBe(202);
    expect(String((first.body.results as string[])[0])).toMatch(/^queued job /);
    // GitHub redelivers, and the check_suite event of the same run arrives too: still one job.
    const again = await deliver(serve.url, 'workflow_run', payload, SECRET);
    expect(String((again.body.results as string[])[0])).toMatch(/^duplicate job /);

    await serve.waitForLog((e) => e.msg === 'job finished');
    const finished = serve.lines.filter((e) => e.msg === 'job finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ outcome: 'fixed', published: 'push' });

    // Pushed fast-forward, green at the new head, one status comment.
    const pushes = server.pushes.filter((x) => x.repo === repo && x.ref === 'refs/heads/feature');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.before).toBe(p.headSha);
    expect(checkAtHead(server, repo, p.dir, toolsPath)).toBe(0);
    expect(server.comments(repo, 1)).toHaveLength(1);
    // A lint failure is the change's: fixed, never re-run.
    expect(server.requests.filter((q) => q.path.endsWith('/rerun-failed-jobs'))).toEqual([]);

    expect(await metric(serve.url, /^autofix_job_outcomes_total\{outcome="fixed"\}/)).toBe(1);
    expect(await metric(serve.url, /^autofix_jobs\{state="done"\}/)).toBe(1);
    expect(await metric(serve.url, /^autofix_webhooks_total\{event="workflow_run",result="rejected"\}/)).toBe(
      2,
    );

    // The dashboard: nothing without its token; with it, the job's page with its timeline and links.
    expect((await fetch(`${serve.url}/dashboard`)).status).toBe(401);
    const auth = { headers: { authorization: `Bearer ${DASHBOARD}` } };
    const jobs = await (await fetch(`${serve.url}/dashboard/jobs`, auth)).text();
    // The pull request's title, as GitHub gave it to the job.
    expect(jobs).toContain('data-field="title" title="Change feature">Change feature</span>');
    const jobPath = /href="(\/dashboard\/jobs\/[0-9a-f-]{36})"/.exec(jobs)?.[1];
    const jobPage = await (await fetch(`${serve.url}${jobPath}`, auth)).text();
    expect(jobPage).toContain('data-event="committed"');
    expect(jobPage).toMatch(new RegExp(`href="${server.serverUrl}/${repo}/pull/1#issuecomment-\\d+"`));
    expect(jobPage).toContain(`href="${server.serverUrl}/${repo}/commit/`);

    // The token and the secret never reach the log.
    const log = serve.lines.map((l) => JSON.stringify(l)).join('\n') + serve.stderr();
    expect(log).not.toContain(token);
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(DASHBOARD);

    // SIGTERM: a clean stop.
    expect(await serve.stop()).toBe(0);

    // The store remembers it: `ci-autofix stats` reads it after the service stopped.
    const stats = await cliAsync(['stats', '--format', 'json'], { ...store, PATH: toolsPath });
    expect(stats.code, stats.stderr).toBe(0);
    const s = JSON.parse(stats.stdout) as {
      jobs: { total: number; fixed: number };
      success_rate: number;
      by_repository: Array<{ repository: string; fixed: number }>;
      by_tool: Array<{ tool: string; fixed: number }>;
      by_fixer: Array<{ fixer: string; kept: number }>;
      time_to_fix_ms: { p50: number };
    };
    expect(s.jobs).toMatchObject({ total: 1, fixed: 1 });
    expect(s.success_rate).toBe(1);
    expect(s.by_repository).toEqual([{ repository: repo, jobs: 1, fixed: 1, rate: 1 }]);
    expect(s.by_tool.map((t) => t.tool)).toContain('ruff');
    expect(s.by_fixer.length).toBeGreaterThan(0);
    expect(s.time_to_fix_ms.p50).toBeGreaterThan(0);
    // The overview as one file, for a cron job.
    const file = join(mkdtempSync(join(tmpdir(), 'ci-autofix-stats-html-')), 'overview.html');
    const written = await cliAsync(['stats', '--html', file], store);
    expect(written.code, written.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/data-figure="success_rate"[\s\S]*<script>[^<]*var uPlot=/);

    // The fix memory: each fixed finding by signature and strategy, published; then an owner forgets it.
    const listed = await cliAsync(['memory', 'list', '--format', 'json', '--repo', repo], store);
    expect(listed.code, listed.stderr).toBe(0);
    const entries = JSON.parse(listed.stdout) as Array<{
      signature: string;
      tool: string;
      strategy: string;
      tried: number;
      published: number;
    }>;
    const ruff = entries.filter((e) => e.tool === 'ruff');
    expect(ruff.length).toBeGreaterThan(0);
    expect(ruff.every((e) => e.strategy.startsWith('tool:') && e.published === e.tried)).toBe(true);
    const shown = await cliAsync(['memory', 'show', ruff[0]!.signature], store);
    expect(shown.stdout).toContain(`${repo}#1 ${ruff[0]!.strategy}`);
    const gone = await cliAsync(['memory', 'forget', '--repo', repo, '--format', 'json'], store);
    expect(JSON.parse(gone.stdout)).toEqual({ forgotten: entries.reduce((n, e) => n + e.tried, 0) });
    const refused = await cliAsync(['memory', 'forget'], store);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--all to forget everything');
  });
});

describe('ci-autofix serve without webhooks', () => {
  it('polls REPO_OWNER/REPO_NAME: the failed PR is fixed, and an unchanged repository is asked with ETags', async () => {
    const repo = 'octo/polled';
    await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    const dataDir = mkdtempSync(join(tmpdir(), 'ci-autofix-serve-poll-'));
    const serve = await startServe(
      env({ REPO_OWNER: 'octo', REPO_NAME: 'polled', MONITOR_INTERVAL: '10', CI_AUTOFIX_DATA_DIR: dataDir }),
    );
    cleanup.push(() => serve.stop('SIGKILL'));
    const done = await serve.waitForLog((e) => e.msg === 'job finished');
    expect(done).toMatchObject({ outcome: 'fixed', published: 'push' });
    // POST /webhook is refused without a secret.
    expect((await deliver(serve.url, 'ping', {}, SECRET)).status).toBe(404);
    // The next rounds: the pulls list changed (the push moved the head), then nothing changed: 304s.
    const before = server.requests.length;
    const later = () =>
      server.requests
        .slice(before)
        .filter((r) => /\/repos\/octo\/polled\/(pulls|actions\/runs)$/.test(r.path));
    // Waits for the rounds themselves (every 10 s), not for a fixed time.
    while (!(later().length >= 2 && later().at(-1)!.status === 304 && later().at(-2)!.status === 304))
      await new Promise((r) => setTimeout(r, 100));
    expect(later().length).toBeGreaterThanOrEqual(2);
    expect(serve.lines.filter((e) => e.msg === 'job finished')).toHaveLength(1);
    expect(await serve.stop()).toBe(0);
  });
});

describe('ci-autofix serve as a GitHub App', () => {
  it("polls every repository of its installation and fixes a failed PR there as the App's bot", async () => {
    const repo = 'acme/installed';
    await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    const app = server.addApp({ slug: 'autofixer', repos: [repo] });
    const dataDir = mkdtempSync(join(tmpdir(), 'ci-autofix-serve-app-'));
    const { GITHUB_TOKEN: _none, ...rest } = env({
      GITHUB_APP_ID: String(app.appId),
      GITHUB_PRIVATE_KEY: app.privateKey,
      GITHUB_INSTALLATION_ID: String(app.installationId),
      MONITOR_INTERVAL: '60',
      CI_AUTOFIX_DATA_DIR: dataDir,
    });
    const serve = await startServe({ ...rest, GITHUB_TOKEN: '' });
    cleanup.push(() => serve.stop('SIGKILL'));
    expect(await serve.waitForLog((e) => e.msg === 'job finished')).toMatchObject({
      outcome: 'fixed',
      published: 'push',
    });
    expect(server.requests.some((r) => r.path === '/installation/repositories' && r.status === 200)).toBe(
      true,
    );
    expect(server.comments(repo, 1).map((c) => c.user)).toEqual(['autofixer[bot]']);
    const log = serve.lines.map((l) => JSON.stringify(l)).join('\n') + serve.stderr();
    expect(log).not.toContain(app.privateKey.split('\n')[1]);
    expect(await serve.stop()).toBe(0);
  });
});

describe('ci-autofix serve: chat-ops', () => {
  it('/autofix apply pushes a proposed fix only for someone with write permission; /autofix skip stops the PR', async () => {
    const repo = 'octo/chatops';
    const p = await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    const run = server.runs(repo)[0]!;
    const dataDir = mkdtempSync(join(tmpdir(), 'ci-autofix-serve-chatops-'));
    const serve = await startServe(
      env({ AUTO_APPROVE: 'false', GITHUB_WEBHOOK_SECRET: SECRET, CI_AUTOFIX_DATA_DIR: dataDir }),
    );
    cleanup.push(() => serve.stop('SIGKILL'));
    const finished = (n: number) =>
      serve
        .waitForLog(() => serve.lines.filter((e) => e.msg === 'job finished').length >= n)
        .then(() => serve.lines.filter((e) => e.msg === 'job finished')[n - 1]!);
    const feature = () => server.pushes.filter((x) => x.repo === repo && x.ref === 'refs/heads/feature');
    /** A person's comment on the PR, as GitHub stores it, and its webhook delivery. */
    const say = async (user: string, body: string) => {
      const id = server.state.id('comment');
      const now = new Date().toISOString();
      server.state.comments.push({
        id,
        repo,
        issue: 1,
        body,
        user,
        createdAt: now,
        updatedAt: now,
        reactions: [],
      });
      const payload = webhookPayload(server, 'issue_comment.created', {
        repo,
        pull: 1,
        commentId: id,
        sender: user,
      });
      const r = await deliver(serve.url, 'issue_comment', payload, SECRET);
      expect(r.status).toBe(202);
      return id;
    };
    const reactions = (id: number) =>
      server.state.comments.find((c) => c.id === id)!.reactions.map((r) => r.content);

    // Review mode: the fix is proposed, the PR branch untouched.
    await deliver(
      serve.url,
      'workflow_run',
      webhookPayload(server, 'workflow_run.completed', { repo, runId: run.id }),
      SECRET,
    );
    expect(await finished(1)).toMatchObject({ outcome: 'fixed' });
    expect((await finished(1)).published).not.toBe('push');
    expect(feature()).toHaveLength(0);

    // Someone who may only read asks: a thumbs-down, never an action.
    const refused = await say('visitor', '/autofix apply');
    expect(await finished(2)).toMatchObject({ outcome: 'skipped' });
    expect(String((await finished(2)).reason)).toContain('"read"');
    expect(reactions(refused)).toEqual(['-1']);
    expect(feature()).toHaveLength(0);

    // A maintainer asks: the fix is made again on the head, validated, and pushed.
    server.setPermission(repo, 'maintainer', 'write');
    const applied = await say('maintainer', '/autofix apply');
    expect(await finished(3)).toMatchObject({ outcome: 'fixed', published: 'push' });
    expect(reactions(applied)).toContain('eyes');
    expect(feature()).toHaveLength(1);
    expect(feature()[0]!.before).toBe(p.headSha);

    // /autofix skip: a later failure of the PR queues nothing.
    const skip = await say('maintainer', '/autofix skip');
    expect(await finished(4)).toMatchObject({ outcome: 'skipped' });
    expect(reactions(skip)).toEqual(['eyes', '+1']);
    const head = server.pull(repo, 1)!.head.sha;
    const later = server.addWorkflowRun({
      repo,
      headSha: head,
      headBranch: 'feature',
      conclusion: 'failure',
      pullRequests: [1],
      jobs: [
        {
          name: 'check',
          conclusion: 'failure',
          log: 'Error: something else\n##[error]Process completed with exit code 1.\n',
        },
      ],
    });
    const ignored = await deliver(
      serve.url,
      'workflow_run',
      webhookPayload(server, 'workflow_run.completed', { repo, runId: later.id }),
      SECRET,
    );
    expect(String((ignored.body.results as string[])[0])).toMatch(/stopped by \/autofix skip/);
    expect(await serve.stop()).toBe(0);
    expect(serve.lines.filter((e) => e.msg === 'job finished')).toHaveLength(4);
    // /autofix skip after the fixes: the fix memory counts those published to the PR as rejected.
    const listed = await cliAsync(['memory', 'list', '--format', 'json', '--repo', repo], {
      CI_AUTOFIX_DATA_DIR: dataDir,
    });
    const entries = JSON.parse(listed.stdout) as Array<{ published: number; rejected: number }>;
    const published = entries.reduce((n, e) => n + e.published, 0);
    expect(published).toBeGreaterThan(0);
    expect(entries.reduce((n, e) => n + e.rejected, 0)).toBe(published);
  });
});
