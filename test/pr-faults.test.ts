import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliAsync, repoRoot } from './helpers/cli.js';
import { git, toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { examplePullRequest, lintSlip, untilCloned } from './helpers/pr-fixture.js';

/**
 * `ci-autofix pr` when GitHub or the pull request misbehaves: flaky answers and rate limits are waited
 * out, a branch that moves while the job works is never pushed over, an expired log and a token without
 * `contents: write` end with a status comment saying so, a fork is proposed to rather than pushed to,
 * and an opted-out or exhausted PR is left alone.
 */

let server: GitHubServer;
let token: string;
const state = mkdtempSync(join(tmpdir(), 'ci-autofix-pr-state-'));

function pr(target: string, env: Record<string, string> = {}, ...args: string[]) {
  return cliAsync(['pr', target, '--format', 'json', ...args], {
    GITHUB_TOKEN: token,
    ...server.clientEnv,
    AUTO_APPROVE: 'true',
    PATH: toolsPath,
    CI_AUTOFIX_STATE_DIR: state,
    CI_AUTOFIX_GITHUB_RETRY_MS: '20',
    CI_AUTOFIX_PINNED_TOOLS: '0',
    ...env,
  });
}

const feature = (repo: string) =>
  server.pushes.filter((p) => p.repo === repo && p.ref === 'refs/heads/feature');

useGitHubServer((s, t) => ((server = s), (token = t)));

describe('ci-autofix pr, faults', () => {
  it('502s and a secondary rate limit with retry-after are waited out', async () => {
    await examplePullRequest(server, 'python-service', 'octo/flaky', lintSlip, toolsPath);
    server.fault({ method: 'GET', path: /^\/repos\/octo\/flaky\/pulls\/1$/, status: 502, times: 2 });
    server.fault({
      method: 'GET',
      path: /^\/repos\/octo\/flaky\/issues\/1\/comments$/,
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    });
    const r = await pr('octo/flaky#1');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).published.mode).toBe('push');
    const statuses = server.requests
      .filter((q) => q.path === '/repos/octo/flaky/pulls/1')
      .map((q) => q.status);
    expect(statuses.slice(0, 3)).toEqual([502, 502, 200]);
    expect(feature('octo/flaky')).toHaveLength(1);
  });

  it('a branch that moves while the job works is not pushed over; the comment says why', async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/moving', lintSlip, toolsPath);
    const job = pr('octo/moving#1');
    // As soon as the job has cloned the head, someone pushes to the branch.
    await untilCloned(server, 'octo/moving');
    git(p.dir, 'checkout', '--quiet', 'feature');
    writeFileSync(join(p.dir, 'NOTES.md'), 'a human was here\n');
    git(p.dir, 'add', 'NOTES.md');
    git(p.dir, 'commit', '--quiet', '-m', 'human change');
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    // Asynchronously: the server answering this push runs in this process.
    await promisify(execFile)('git', ['push', '--quiet', server.cloneUrl('octo/moving'), 'feature:feature'], {
      cwd: p.dir,
      env: {
        ...process.env,
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
      },
    });
    const human = git(p.dir, 'rev-parse', 'HEAD').trim();
    const r = await job;
    // Started over on the new head, which has no failed run yet: nothing pushed over the human's commit.
    expect(JSON.parse(r.stdout).outcome).toBe('nothing-to-fix');
    expect(server.pull('octo/moving', 1)!.head.sha).toBe(human);
    expect(feature('octo/moving').map((x) => x.after)).toEqual([human]);
    const comments = server.comments('octo/moving', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('stopped');
    expect(comments[0]!.body).toContain('moved');
  });

  it('a PR closed while the job works gets nothing pushed; the comment says why', async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/closing', lintSlip, toolsPath);
    const job = pr('octo/closing#1');
    await untilCloned(server, 'octo/closing');
    server.pull('octo/closing', 1)!.state = 'closed';
    const r = await job;
    expect(JSON.parse(r.stdout).published.mode).toBe('none');
    expect(feature('octo/closing')).toEqual([]);
    expect(server.pull('octo/closing', 1)!.head.sha).toBe(p.headSha);
    const body = server.comments('octo/closing', 1)[0]!.body;
    expect(body).toContain('stopped');
    expect(body).toContain('closed while ci-autofix worked');
  });

  it('an expired log ends with a status comment that says to re-run the job', async () => {
    await examplePullRequest(server, 'python-service', 'octo/expired', lintSlip, toolsPath);
    const run = server.runs('octo/expired')[0]!;
    server.expireLogs(run.id);
    const r = await pr('octo/expired#1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('re-run');
    const comments = server.comments('octo/expired', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('failed while working');
    expect(comments[0]!.body).toContain('re-run');
  });

  it('a token without contents: write: nothing pushed, and the comment names the permission', async () => {
    await examplePullRequest(server, 'python-service', 'octo/readonly', lintSlip, toolsPath);
    const readOnly = server.createToken({ contents: 'read' });
    const r = await pr('octo/readonly#1', { GITHUB_TOKEN: readOnly });
    expect(r.code).not.toBe(0);
    expect(feature('octo/readonly')).toEqual([]);
    const body = server.comments('octo/readonly', 1)[0]!.body;
    expect(body).toContain('failed while working');
    expect(body).toContain('contents: write');
  });

  it('a fork whose author does not allow maintainer edits is proposed to, never pushed to', async () => {
    const p = await examplePullRequest(
      server,
      'python-service',
      'octo/upstream',
      lintSlip,
      toolsPath,
      undefined,
      'alice/upstream',
    );
    const r = await pr('octo/upstream#1');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { published: { mode: string } };
    expect(out.published.mode).toBe('suggestions');
    expect(server.pushes.filter((x) => x.repo === 'alice/upstream')).toEqual([]);
    expect(server.pull('octo/upstream', 1)!.head.sha).toBe(p.headSha);
    expect(server.comments('octo/upstream', 1)[0]!.body).toContain('does not allow edits by maintainers');
  });

  it("a job's missing log is read from the run's logs zip", async () => {
    await examplePullRequest(server, 'python-service', 'octo/zipped', lintSlip, toolsPath);
    server.fault({ method: 'GET', path: /^\/repos\/octo\/zipped\/actions\/jobs\/\d+\/logs$/, status: 404 });
    const r = await pr('octo/zipped#1');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).outcome).toBe('fixed');
    expect(
      server.requests.some((q) => /^\/repos\/octo\/zipped\/actions\/runs\/\d+\/logs$/.test(q.path)),
    ).toBe(true);
  });

  it('stopped by SIGTERM mid-job (a cancelled workflow): the comment gets its final state first', async () => {
    await examplePullRequest(server, 'python-service', 'octo/cancelled', lintSlip, toolsPath);
    const child = spawn(process.execPath, [join(repoRoot, 'bin/ci-autofix.js'), 'pr', 'octo/cancelled#1'], {
      env: {
        ...process.env,
        GITHUB_TOKEN: token,
        ...server.clientEnv,
        AUTO_APPROVE: 'true',
        PATH: toolsPath,
        CI_AUTOFIX_STATE_DIR: state,
        CI_AUTOFIX_PINNED_TOOLS: '0',
        ANTHROPIC_API_KEY: '',
        OPENAI_API_KEY: '',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    while (!server.comments('octo/cancelled', 1)[0]?.body.includes('is working'))
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    const comments = server.comments('octo/cancelled', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('failed while working');
    expect(comments[0]!.body).toContain('SIGTERM');
    expect(feature('octo/cancelled')).toEqual([]);
  });

  it('the opt-out label and max_attempts leave a PR alone', async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/optout', lintSlip, toolsPath);
    server.pull('octo/optout', 1)!.labels.push('autofix:skip');
    const skipped = await pr('octo/optout#1');
    expect(JSON.parse(skipped.stdout)).toMatchObject({ outcome: 'skipped' });
    expect(server.comments('octo/optout', 1)).toEqual([]);
    server.pull('octo/optout', 1)!.labels.length = 0;
    // One attempt allowed: the first is made (review mode), the next head's failure is refused.
    const first = await pr('octo/optout#1', { AUTO_APPROVE: 'false' }, '--max-attempts', '1');
    expect(first.code, first.stderr).toBe(0);
    server.addWorkflowRun({
      repo: 'octo/optout',
      headSha: p.headSha,
      headBranch: 'feature',
      name: 'CI again',
      conclusion: 'failure',
      jobs: [{ name: 'other', conclusion: 'failure', log: 'error: something else broke\n' }],
    });
    const second = await pr('octo/optout#1', { AUTO_APPROVE: 'false' }, '--max-attempts', '1');
    expect(JSON.parse(second.stdout)).toMatchObject({ outcome: 'skipped' });
    expect(JSON.parse(second.stdout).reason).toContain('max_attempts');
    const comments = server.comments('octo/optout', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('stopped');
  });
});
