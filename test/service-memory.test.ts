import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { cliAsync } from './helpers/cli.js';
import { createTestDatabase } from './helpers/databases.js';
import { git, toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { webhookPayload } from './helpers/github-server/webhook-payload.js';
import { anthropicToolReply, startFakeLlmServer } from './helpers/fake-llm-server.js';
import { actionsLog, checkOnly, examplePullRequest, failedCheckRun, lintSlip } from './helpers/pr-fixture.js';
import { deliver, startServe, type ServeProcess } from './helpers/serve-process.js';

/**
 * The fix memory through `serve` (issue 23), with the events GitHub sends: a person's `git revert` of
 * ci-autofix's commit on the pull request, the next failure of that PR, another PR with the same code,
 * and a merge.
 */

let server: GitHubServer;
let token: string;
const SECRET = 'webhook-secret-for-tests-0123456789';
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});
useGitHubServer((s, t) => ((server = s), (token = t)));

const run = promisify(execFile);

/** git as a person runs it against the double, over HTTP with a token (the double runs in this process). */
async function gitAs(cwd: string, ...args: string[]): Promise<string> {
  const auth = Buffer.from(`x-access-token:${token}`).toString('base64');
  const env = {
    ...process.env,
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${auth}`,
    // A person's name on what they commit and revert.
    GIT_AUTHOR_NAME: 'Dev',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
  };
  return (await run('git', args, { cwd, env, encoding: 'utf8' })).stdout.trim();
}

/** What a person does in their clone: `git revert` of a commit of the branch, pushed; returns the new head. */
async function personReverts(repo: string, branch: string, commit: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-person-'));
  await gitAs(dir, 'clone', '--quiet', '--branch', branch, server.cloneUrl(repo), '.');
  await gitAs(dir, 'revert', '--no-edit', commit);
  await gitAs(dir, 'push', '--quiet', 'origin', branch);
  return gitAs(dir, 'rev-parse', 'HEAD');
}

/** A person pushes `sha` as a new branch. */
async function personBranches(repo: string, sha: string, branch: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-person-'));
  await gitAs(dir, 'clone', '--quiet', server.cloneUrl(repo), '.');
  await gitAs(dir, 'push', '--quiet', 'origin', `${sha}:refs/heads/${branch}`);
}

/** A person's commit on a new branch from `from`: `edit` changes their clone; returns the commit. */
async function personCommits(
  repo: string,
  from: string,
  branch: string,
  edit: (dir: string) => void,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-person-'));
  await gitAs(dir, 'clone', '--quiet', server.cloneUrl(repo), '.');
  await gitAs(dir, 'checkout', '--quiet', '-b', branch, from);
  edit(dir);
  await gitAs(dir, 'commit', '--quiet', '-am', 'wip');
  await gitAs(dir, 'push', '--quiet', 'origin', branch);
  return gitAs(dir, 'rev-parse', 'HEAD');
}

/** The branch's commits since `from`, as `git log` shows them in the double's repository. */
const messages = (repo: string, range: string) =>
  execFileSync('git', ['log', '--format=%B%x1e', range], { cwd: server.repo(repo).gitDir, encoding: 'utf8' })
    .split('\x1e')
    .map((m) => m.trim())
    .filter(Boolean);

/**
 * The check's real output at a commit of the double's repository, as a failed run's log. Asynchronous: the
 * double answers the service from this process, and must not wait while the check runs.
 */
async function logAt(repo: string, sha: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-ci-'));
  await run('git', ['clone', '--quiet', server.repo(repo).gitDir, dir]);
  await run('git', ['checkout', '--quiet', sha], { cwd: dir });
  const check = await run('just', ['check'], {
    cwd: dir,
    env: { ...process.env, PATH: toolsPath },
    encoding: 'utf8',
  }).then(
    (r) => ({ code: 0, output: `${r.stdout}${r.stderr}` }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code ?? 1,
      output: `${e.stdout ?? ''}${e.stderr ?? ''}`,
    }),
  );
  expect(check.code).not.toBe(0);
  return actionsLog('just check', check.output, check.code);
}

/** `serve` as a deployment runs it, on an embedded store of its own; `finished(n)` waits for n jobs. */
async function serveWith(dataDir: string, extra: Record<string, string> = {}) {
  const serve: ServeProcess = await startServe({
    GITHUB_TOKEN: token,
    ...server.clientEnv,
    PATH: toolsPath,
    CI_AUTOFIX_STATE_DIR: mkdtempSync(join(tmpdir(), 'ci-autofix-serve-state-')),
    CI_AUTOFIX_PINNED_TOOLS: '0',
    AUTO_APPROVE: 'true',
    MONITOR_INTERVAL: '0',
    GITHUB_WEBHOOK_SECRET: SECRET,
    CI_AUTOFIX_DATA_DIR: dataDir,
    ...extra,
  });
  cleanup.push(() => serve.stop('SIGKILL'));
  // What the service did, when a step never came: its last log entries.
  onTestFailed(() => {
    console.error(
      serve.lines
        .slice(-40)
        .map((l) => JSON.stringify(l).slice(0, 400))
        .join('\n'),
    );
    console.error(serve.stderr().slice(-4000));
  });
  const finished = async (n: number) => {
    await serve.waitForLog(() => serve.lines.filter((e) => e.msg === 'job finished').length >= n);
    return serve.lines.filter((e) => e.msg === 'job finished')[n - 1]!;
  };
  return { serve, finished };
}

/**
 * GitHub's `pull_request` event for a push to (`synchronize`) or the close of a pull request of the
 * double, delivered; returns what the service stored for it.
 */
async function pullEvent(serve: ServeProcess, repo: string, action: 'synchronize' | 'closed', pull: number) {
  const { merged } = server.pull(repo, pull);
  const said = (e: { msg?: string; event?: unknown; results?: unknown }) =>
    e.msg === 'webhook stored' &&
    e.event === 'pull_request' &&
    JSON.stringify(e.results).includes(`${repo}#${pull}: `);
  const before = serve.lines.filter(said).length;
  const payload = webhookPayload(server, `pull_request.${action}`, { repo, pull, merged });
  expect((await deliver(serve.url, 'pull_request', payload, SECRET)).status).toBe(202);
  await serve.waitForLog(() => serve.lines.filter(said).length > before);
  return serve.lines.filter(said).at(-1)!.results as string[];
}

describe('ci-autofix serve and the fix memory', () => {
  it("a reverted fix is not pushed again, on that PR nor on another PR's equal code; a merge accepts what was kept", async () => {
    const repo = 'octo/memory';
    const p = await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    const db = await createTestDatabase('pglite');
    cleanup.push(() => db.drop());
    await db.db.close();
    const store = { CI_AUTOFIX_DATA_DIR: db.dataDir };
    const { serve, finished } = await serveWith(db.dataDir);
    const failedRun = async (headSha: string, branch: string, pull: number, log: string) => {
      const run = failedCheckRun(server, { repo, headSha, branch, log, pull });
      const payload = webhookPayload(server, 'workflow_run.completed', { repo, runId: run.id });
      expect((await deliver(serve.url, 'workflow_run', payload, SECRET)).status).toBe(202);
    };

    // 1. The first failure: format and lint fixed in two commits, pushed.
    const first = webhookPayload(server, 'workflow_run.completed', { repo, runId: server.runs(repo)[0]!.id });
    expect((await deliver(serve.url, 'workflow_run', first, SECRET)).status).toBe(202);
    expect(await finished(1)).toMatchObject({ outcome: 'fixed', published: 'push' });
    const fixed = server.headSha(repo, 'feature');
    const lintFix = git(
      server.repo(repo).gitDir,
      'log',
      '--format=%H',
      '--grep=^CI-Autofix: ruff-check',
      fixed,
    ).trim();
    expect(lintFix).toMatch(/^[0-9a-f]{40}$/);

    // 2. A person reverts the lint fix (they want that import): learnt from the push's event at once.
    const reverted = await personReverts(repo, 'feature', lintFix);
    expect(await pullEvent(serve, repo, 'synchronize', p.number)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${repo}#${p.number}: \\d fix record\\(s\\) rejected \\(reverted in #${p.number} by ${reverted.slice(0, 7)}\\)$`,
        ),
      ),
    );
    // CI fails again on it.
    await failedRun(reverted, 'feature', p.number, await logAt(repo, reverted));
    const second = await finished(2);
    expect(second.outcome).not.toBe('fixed');
    // Nothing pushed on top of the person's revert, and the comment says why.
    expect(server.headSha(repo, 'feature')).toBe(reverted);
    const comment = server.comments(repo, p.number).at(-1)!.body;
    expect(comment).toContain('a person reverted this fix in the pull request');

    // 3. Another PR with the same code: the format fix still goes, the reverted lint fix does not.
    await personBranches(repo, p.headSha, 'other');
    const other = server.addPullRequest({
      repo,
      head: { repo, ref: 'other' },
      base: { ref: 'main' },
      user: 'dev',
    });
    await failedRun(p.headSha, 'other', other.number, p.log);
    expect(await finished(3)).toMatchObject({ published: 'push' });
    const pushed = messages(repo, `${p.headSha}..other`);
    expect(pushed.map((m) => m.split('\n')[0])).toEqual(['style: format 1 file(s) with ruff format']);
    expect(server.comments(repo, other.number).at(-1)!.body).toContain(
      'a person rejected this fix of the same code before',
    );

    // 4. That PR is merged: its format fix was accepted.
    server.closePull(repo, other.number, true);
    expect(await pullEvent(serve, repo, 'closed', other.number)).toContain(
      `${repo}#${other.number}: 1 fix record(s) accepted (merged with #${other.number})`,
    );
    // 5. The first PR is merged with the person's revert in it: its format fix was accepted, the reverted
    // lint fix stays rejected.
    server.closePull(repo, p.number, true);
    expect(await pullEvent(serve, repo, 'closed', p.number)).toContain(
      `${repo}#${p.number}: 1 fix record(s) accepted (merged with #${p.number})`,
    );
    expect(await serve.stop()).toBe(0);

    const listed = await cliAsync(['memory', 'list', '--format', 'json', '--repo', repo], store);
    const entries = JSON.parse(listed.stdout) as Array<{
      strategy: string;
      accepted: number;
      rejected: number;
    }>;
    const by = (s: string) => entries.filter((e) => e.strategy === s);
    expect(by('tool:ruff-check').reduce((n, e) => n + e.rejected, 0)).toBeGreaterThan(0);
    expect(by('tool:ruff-check').reduce((n, e) => n + e.accepted, 0)).toBe(0);
    expect(by('tool:ruff-format').reduce((n, e) => n + e.accepted, 0)).toBe(2);
  });
});

/** A type error only a model fixes: `needs_restock` said to return ints (the check: mypy alone). */
const TYPED = '    def needs_restock(self) -> list[str]:';
const WRONG = '    def needs_restock(self) -> list[int]:';
const typeSlip = {
  base: checkOnly('mypy'),
  edit: (dir: string) => {
    const file = join(dir, 'src/inventory/service.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace(TYPED, WRONG));
  },
};

describe('ci-autofix serve replays an accepted fix', () => {
  it('a model fix merged with its PR is applied again to equal code without a model call, and shown to the model as an example for other code', async () => {
    const repo = 'octo/replay';
    const model = await startFakeLlmServer();
    cleanup.push(() => model.close());
    const p = await examplePullRequest(server, 'python-service', repo, typeSlip, toolsPath);
    const db = await createTestDatabase('pglite');
    cleanup.push(() => db.drop());
    await db.db.close();
    const { serve, finished } = await serveWith(db.dataDir, {
      ANTHROPIC_API_KEY: 'sk-ant-test',
      ANTHROPIC_BASE_URL: model.url,
    });
    const failed = (runId: number) =>
      deliver(
        serve.url,
        'workflow_run',
        webhookPayload(server, 'workflow_run.completed', { repo, runId }),
        SECRET,
      );

    // 1. The model fixes the type error (one request); the PR is merged: the fix was accepted.
    model.script(
      anthropicToolReply({ edits: [{ file: 'src/inventory/service.py', old: WRONG, new: TYPED }] }),
    );
    await failed(server.runs(repo)[0]!.id);
    expect(await finished(1)).toMatchObject({ outcome: 'fixed', published: 'push' });
    expect(model.requests).toHaveLength(1);
    server.closePull(repo, p.number, true);
    expect(await pullEvent(serve, repo, 'closed', p.number)).toContain(
      `${repo}#${p.number}: 1 fix record(s) accepted (merged with #${p.number})`,
    );

    // 2. Another PR makes the same mistake: fixed by the accepted fix again, no model request.
    await personBranches(repo, p.headSha, 'again');
    const again = server.addPullRequest({
      repo,
      head: { repo, ref: 'again' },
      base: { ref: 'main' },
      user: 'dev',
    });
    const run = failedCheckRun(server, {
      repo,
      headSha: p.headSha,
      branch: 'again',
      log: p.log,
      pull: again.number,
    });
    await failed(run.id);
    expect(await finished(2)).toMatchObject({ outcome: 'fixed', published: 'push' });
    expect(model.requests).toHaveLength(1);
    const pushed = messages(repo, `${p.headSha}..again`);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatch(/^fix\(type\): fix 1 finding\(s\) as accepted before/);
    expect(pushed[0]).toContain('CI-Autofix-Strategy: replay:model:anthropic/');
    const comment = server.comments(repo, again.number).at(-1)!.body;
    expect(comment).toContain('replayed from memory');
    expect(comment).toContain('model cost $0.00 (0 request(s))');

    // 3. The same kind of mistake on other code: no replay, but the model is shown the accepted fix.
    const bytes = await personCommits(repo, p.headSha, 'bytes', (dir) => {
      const file = join(dir, 'src/inventory/service.py');
      writeFileSync(file, readFileSync(file, 'utf8').replace(WRONG, WRONG.replace('int', 'bytes')));
    });
    const third = server.addPullRequest({
      repo,
      head: { repo, ref: 'bytes' },
      base: { ref: 'main' },
      user: 'dev',
    });
    model.script(
      anthropicToolReply({
        edits: [{ file: 'src/inventory/service.py', old: WRONG.replace('int', 'bytes'), new: TYPED }],
      }),
    );
    const log3 = await logAt(repo, bytes);
    await failed(
      failedCheckRun(server, { repo, headSha: bytes, branch: 'bytes', log: log3, pull: third.number }).id,
    );
    expect(await finished(3)).toMatchObject({ outcome: 'fixed', published: 'push' });
    expect(model.requests).toHaveLength(2);
    const prompt = JSON.stringify(model.requests[1]!.body);
    expect(prompt).toContain('accepted in this repository before');
    expect(prompt).toContain('list[int]');
    // /metrics: one finding fixed by a replay, the model's cost for it avoided.
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toMatch(/^autofix_memory_replays 1$/m);
    expect(Number(/^autofix_memory_cost_avoided_usd (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(
      /^autofix_memory_fixes\{strategy="model:anthropic\/[^"]+",state="accepted"\} 1$/m,
    );
    expect(await serve.stop()).toBe(0);
    const stats = await cliAsync(['stats', '--format', 'json'], { CI_AUTOFIX_DATA_DIR: db.dataDir });
    const memory = (JSON.parse(stats.stdout) as { memory: { replayed: number; by_strategy: unknown[] } })
      .memory;
    expect(memory.replayed).toBe(1);
  });
});
