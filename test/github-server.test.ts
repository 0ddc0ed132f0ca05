import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubServer, webhookPayload, type GitHubServer } from './helpers/github-server/index.js';
import { checkResponse, findOperation, specExample } from './helpers/github-server/openapi-checker.js';

/**
 * The GitHub double against the official client and the real git CLI: what `ci-autofix pr` will do
 * (read a pull request, its failing runs and logs, clone and push its head, comment, review, create
 * branches and check runs), the refusals GitHub would answer, and the OpenAPI check that keeps the double
 * honest. Git runs asynchronously: the server answers from this same process.
 */

const run = promisify(execFile);
const BASE_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** git with the token in an `http.extraHeader` passed through the environment (never argv or a URL). */
async function git(cwd: string, args: string[], token?: string): Promise<string> {
  const env: Record<string, string | undefined> = { ...BASE_ENV };
  if (token) {
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  }
  const { stdout } = await run('git', args, { cwd, env, encoding: 'utf8' });
  return stdout.trim();
}

async function gitFails(cwd: string, args: string[], token?: string): Promise<string> {
  try {
    await git(cwd, args, token);
  } catch (e) {
    return String((e as { stderr?: string }).stderr);
  }
  throw new Error(`git ${args.join(' ')} succeeded`);
}

// Octokit logs every failed request; the refusals here are on purpose.
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function client(server: GitHubServer, token: string, plugins = false): Octokit {
  if (!plugins) return new Octokit({ auth: token, baseUrl: server.apiUrl, log: quiet });
  const WithPlugins = Octokit.plugin(retry, throttling);
  return new WithPlugins({
    auth: token,
    baseUrl: server.apiUrl,
    log: quiet,
    retry: { retryAfterBaseValue: 10 },
    throttle: {
      onRateLimit: () => true,
      onSecondaryRateLimit: (_after: number, _opts: unknown, _o: unknown, retryCount: number) =>
        retryCount < 2,
    },
  });
}

const LOG =
  '##[group]Run ruff check .\nsrc/app.py:3:8: F401 [*] `os` imported but unused\n##[error]Process completed with exit code 1.\n';

let tmp: string;
let server: GitHubServer;
let token: string;
let octokit: Octokit;
let featureSha: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'github-server-test-'));
  const src = join(tmp, 'src');
  await run('git', ['init', '-q', '-b', 'main', src], { env: BASE_ENV });
  writeFileSync(join(src, '.ci-autofix.yml'), 'model: none\n');
  writeFileSync(join(src, 'app.py'), 'import os\n\n\ndef main():\n    return 1\n');
  await git(src, ['add', '.']);
  await git(src, ['commit', '-qm', 'initial']);
  await git(src, ['checkout', '-qb', 'feature']);
  writeFileSync(join(src, 'app.py'), 'import os\nimport sys\n\n\ndef main():\n    return 2\n');
  await git(src, ['commit', '-qam', 'change']);
  featureSha = await git(src, ['rev-parse', 'HEAD']);
  await git(src, ['checkout', '-q', 'main']);

  server = await startGitHubServer();
  await server.addRepo({ fullName: 'acme/app', from: src });
  await server.addRepo({ fullName: 'contrib/app', from: src, forkOf: 'acme/app' });
  server.addPullRequest({
    repo: 'acme/app',
    number: 7,
    head: { repo: 'acme/app', ref: 'feature' },
    base: { ref: 'main' },
  });
  server.addPullRequest({
    repo: 'acme/app',
    number: 8,
    head: { repo: 'contrib/app', ref: 'feature' },
    base: { ref: 'main' },
    maintainerCanModify: false,
  });
  token = server.createToken();
  octokit = client(server, token);
});

afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  // Each test's traffic matches GitHub's OpenAPI (the checker test empties what it provoked), and every
  // REST request was matched to a spec operation, so the check did run.
  expect(server.violations).toEqual([]);
  const rest = server.requests.filter((r) => !r.path.startsWith('/git/') && !r.path.startsWith('/_blobs/'));
  expect(rest.filter((r) => !r.operation && r.status !== 404)).toEqual([]);
});

describe('reading a pull request and its failed runs', () => {
  it('finds the failing jobs of the head commit and downloads their logs through the redirect', async () => {
    const runState = server.addWorkflowRun({
      repo: 'acme/app',
      headSha: featureSha,
      headBranch: 'feature',
      conclusion: 'failure',
      pullRequests: [7],
      jobs: [
        {
          name: 'lint',
          conclusion: 'failure',
          log: LOG,
          steps: [
            { name: 'Set up job', conclusion: 'success', number: 1, log: 'setting up\n' },
            { name: 'Run ruff', conclusion: 'failure', number: 2, log: LOG },
          ],
        },
        { name: 'test', conclusion: 'success', log: 'ok\n' },
      ],
    });
    const { data: pr } = await octokit.pulls.get({ owner: 'acme', repo: 'app', pull_number: 7 });
    expect(pr.head.sha).toBe(featureSha);
    expect(pr.head.repo?.clone_url).toBe(server.cloneUrl('acme/app'));
    expect(pr.changed_files).toBe(1);

    const { data: runs } = await octokit.actions.listWorkflowRunsForRepo({
      owner: 'acme',
      repo: 'app',
      head_sha: pr.head.sha,
      status: 'failure',
    });
    expect(runs.workflow_runs.map((r) => r.id)).toEqual([runState.id]);
    expect(runs.workflow_runs[0]!.pull_requests?.[0]?.number).toBe(7);

    const { data: jobs } = await octokit.actions.listJobsForWorkflowRun({
      owner: 'acme',
      repo: 'app',
      run_id: runState.id,
      filter: 'latest',
    });
    const failed = jobs.jobs.filter((j) => j.conclusion === 'failure');
    expect(failed.map((j) => j.name)).toEqual(['lint']);

    const log = await octokit.actions.downloadJobLogsForWorkflowRun({
      owner: 'acme',
      repo: 'app',
      job_id: failed[0]!.id,
    });
    expect(log.data).toBe(LOG);
    // The redirect target is fetched without a token, as from GitHub's blob storage.
    const blob = server.requests.findLast((r) => r.path.startsWith('/_blobs/'));
    expect(blob).toMatchObject({ status: 200 });
    expect(blob?.auth).toBeUndefined();

    const zip = await octokit.actions.downloadWorkflowRunLogs({
      owner: 'acme',
      repo: 'app',
      run_id: runState.id,
    });
    const files = unzipSync(new Uint8Array(zip.data as ArrayBuffer));
    expect(Object.keys(files).sort()).toEqual([
      '0_lint.txt',
      '1_test.txt',
      'lint/1_Set up job.txt',
      'lint/2_Run ruff.txt',
    ]);
    expect(strFromU8(files['0_lint.txt']!)).toBe(LOG);

    const { data: checks } = await octokit.checks.listForRef({ owner: 'acme', repo: 'app', ref: featureSha });
    expect(checks.check_runs.map((c) => [c.name, c.conclusion]).sort()).toEqual([
      ['lint', 'failure'],
      ['test', 'success'],
    ]);

    const { data: config } = await octokit.repos.getContent({
      owner: 'acme',
      repo: 'app',
      path: '.ci-autofix.yml',
      ref: 'main',
    });
    expect(Buffer.from((config as { content: string }).content, 'base64').toString()).toBe('model: none\n');

    const { data: files2 } = await octokit.pulls.listFiles({ owner: 'acme', repo: 'app', pull_number: 7 });
    expect(files2.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['app.py', 'modified', 2, 1],
    ]);
    const { data: list } = await octokit.pulls.list({
      owner: 'acme',
      repo: 'app',
      head: 'contrib:feature',
      state: 'open',
    });
    expect(list.map((p) => p.number)).toEqual([8]);
  });

  it('answers 410 Gone for expired logs', async () => {
    const runState = server.addWorkflowRun({
      repo: 'acme/app',
      headSha: featureSha,
      headBranch: 'feature',
      conclusion: 'failure',
      jobs: [{ name: 'old', conclusion: 'failure', log: 'x\n' }],
    });
    server.expireLogs(runState.jobs[0]!.id);
    await expect(
      octokit.actions.downloadJobLogsForWorkflowRun({
        owner: 'acme',
        repo: 'app',
        job_id: runState.jobs[0]!.id,
      }),
    ).rejects.toMatchObject({ status: 410 });
  });

  it('refuses requests without a valid token, with GitHub error bodies', async () => {
    const anonymous = new Octokit({ baseUrl: server.apiUrl, log: quiet });
    await expect(anonymous.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Requires authentication', status: '401' } },
    });
    const wrong = client(server, 'ghs_not-a-token');
    await expect(wrong.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Bad credentials' } },
    });
    const res = await fetch(`${server.apiUrl}/repos/acme/app/nothing-here`, {
      headers: { authorization: `token ${token}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: 'Not Found' });
    // An unknown route is also a violation: the double must not invent API.
    expect(server.violations.splice(0)).toEqual([expect.stringContaining('no such operation')]);
  });
});

describe('git over HTTP', () => {
  it('clones with the token header, and answers 401 without it', async () => {
    const dest = join(tmp, 'clone-ok');
    await git(tmp, ['clone', '-q', server.cloneUrl('acme/app'), dest], token);
    expect(readFileSync(join(dest, '.ci-autofix.yml'), 'utf8')).toBe('model: none\n');
    const denied = await gitFails(tmp, [
      'clone',
      '-q',
      server.cloneUrl('acme/app'),
      join(tmp, 'clone-denied'),
    ]);
    expect(denied).toMatch(/Authentication failed|could not read Username|401/);
    expect(server.requests.some((r) => r.path.startsWith('/git/') && r.status === 401)).toBe(true);
    expect(
      server.requests
        .filter((r) => r.path.startsWith('/git/') && r.status === 200)
        .every((r) => r.auth === 'ci-autofix[bot]'),
    ).toBe(true);
  });

  it('moves the pull request head on a fast-forward push and refuses a force push', async () => {
    const dest = join(tmp, 'clone-push');
    await git(tmp, ['clone', '-q', '--branch', 'feature', server.cloneUrl('acme/app'), dest], token);
    writeFileSync(join(dest, 'app.py'), 'import sys\n\n\ndef main():\n    return 2\n');
    await git(dest, ['commit', '-qam', 'fix: remove unused import']);
    const fixed = await git(dest, ['rev-parse', 'HEAD']);
    await git(dest, ['push', '-q', 'origin', 'HEAD:feature'], token);
    expect(server.pull('acme/app', 7).head.sha).toBe(fixed);
    expect(server.headSha('acme/app', 'feature')).toBe(fixed);
    expect(server.pushes.at(-1)).toMatchObject({
      repo: 'acme/app',
      ref: 'refs/heads/feature',
      before: featureSha,
      after: fixed,
    });
    const { data: pr } = await octokit.pulls.get({ owner: 'acme', repo: 'app', pull_number: 7 });
    expect(pr.head.sha).toBe(fixed);

    await git(dest, ['reset', '-q', '--hard', 'HEAD~1']);
    await git(dest, ['commit', '-q', '--allow-empty', '-m', 'rewrite']);
    const refused = await gitFails(dest, ['push', '-q', '--force', 'origin', 'HEAD:feature'], token);
    expect(refused).toMatch(/non-fast-forward|rejected/);
    expect(server.headSha('acme/app', 'feature')).toBe(fixed);
  });

  it('records each push once, also when pushes to other branches of the repository cross it', async () => {
    const dest = join(tmp, 'clone-parallel');
    await git(tmp, ['clone', '-q', server.cloneUrl('acme/app'), dest], token);
    const head = await git(dest, ['rev-parse', 'HEAD']);
    const branches = ['par-1', 'par-2', 'par-3', 'par-4'];
    await Promise.all(
      branches.map((b) => git(dest, ['push', '-q', 'origin', `HEAD:refs/heads/${b}`], token)),
    );
    for (const b of branches)
      expect(server.pushes.filter((p) => p.ref === `refs/heads/${b}`)).toEqual([
        {
          repo: 'acme/app',
          ref: `refs/heads/${b}`,
          before: '0'.repeat(40),
          after: head,
          user: 'ci-autofix[bot]',
        },
      ]);
  });

  it('refuses pushes and comments with a read-only token', async () => {
    const reader = server.createToken({ login: 'reader[bot]', repos: { 'acme/app': 'read' } });
    const dest = join(tmp, 'clone-read');
    await git(tmp, ['clone', '-q', '--branch', 'feature', server.cloneUrl('acme/app'), dest], reader);
    await git(dest, ['commit', '-q', '--allow-empty', '-m', 'nope']);
    const refused = await gitFails(dest, ['push', '-q', 'origin', 'HEAD:feature'], reader);
    expect(refused).toMatch(/403|denied/);
    await expect(
      client(server, reader).issues.createComment({
        owner: 'acme',
        repo: 'app',
        issue_number: 7,
        body: 'hi',
      }),
    ).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
  });

  it('lets the base repository push to a fork only when the pull request allows maintainer edits', async () => {
    const base = server.createToken({
      login: 'app[bot]',
      repos: { 'acme/app': 'write', 'contrib/app': 'read' },
    });
    const dest = join(tmp, 'clone-fork');
    await git(tmp, ['clone', '-q', '--branch', 'feature', server.cloneUrl('contrib/app'), dest], base);
    await git(dest, ['commit', '-q', '--allow-empty', '-m', 'fix']);
    expect(await gitFails(dest, ['push', '-q', 'origin', 'HEAD:feature'], base)).toMatch(/403|denied/);

    server.pull('acme/app', 8).maintainerCanModify = true;
    await git(dest, ['push', '-q', 'origin', 'HEAD:feature'], base);
    expect(server.pull('acme/app', 8).head.sha).toBe(await git(dest, ['rev-parse', 'HEAD']));
    // Only the pull request's branch: another branch of the fork stays closed.
    expect(await gitFails(dest, ['push', '-q', 'origin', 'HEAD:other'], base)).toMatch(/403|denied/);
    server.pull('acme/app', 8).maintainerCanModify = false;
  });
});

describe('writing', () => {
  it('creates, updates and lists comments (a sticky comment), with pagination', async () => {
    const { data: created } = await octokit.issues.createComment({
      owner: 'acme',
      repo: 'app',
      issue_number: 7,
      body: 'first',
    });
    for (const body of ['a', 'b'])
      await octokit.issues.createComment({ owner: 'acme', repo: 'app', issue_number: 7, body });
    const { data: updated } = await octokit.issues.updateComment({
      owner: 'acme',
      repo: 'app',
      comment_id: created.id,
      body: '<!-- ci-autofix -->\nfixed',
    });
    expect(updated.body).toContain('fixed');
    const page = await octokit.issues.listComments({
      owner: 'acme',
      repo: 'app',
      issue_number: 7,
      per_page: 2,
    });
    expect(page.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.issues.listComments, {
      owner: 'acme',
      repo: 'app',
      issue_number: 7,
      per_page: 2,
    });
    expect(all.map((c) => c.body)).toEqual(['<!-- ci-autofix -->\nfixed', 'a', 'b']);
    expect(server.comments('acme/app', 7)).toHaveLength(3);
    await octokit.reactions.createForIssueComment({
      owner: 'acme',
      repo: 'app',
      comment_id: created.id,
      content: 'rocket',
    });
    await octokit.reactions.createForIssue({ owner: 'acme', repo: 'app', issue_number: 7, content: 'eyes' });
    expect(server.comments('acme/app', 7)[0]!.reactions.map((r) => r.content)).toEqual(['rocket']);
  });

  it('takes a review with a suggestion on a diff line and refuses a line outside the diff', async () => {
    const head = server.pull('acme/app', 7).head.sha;
    const { data: review } = await octokit.pulls.createReview({
      owner: 'acme',
      repo: 'app',
      pull_number: 7,
      commit_id: head,
      event: 'COMMENT',
      body: 'ci-autofix suggestions',
      comments: [{ path: 'app.py', line: 1, side: 'RIGHT', body: '```suggestion\nimport sys\n```' }],
    });
    expect(review.state).toBe('COMMENTED');
    const { data: comments } = await octokit.pulls.listReviewComments({
      owner: 'acme',
      repo: 'app',
      pull_number: 7,
    });
    expect(comments.map((c) => [c.path, c.line, c.side])).toEqual([['app.py', 1, 'RIGHT']]);
    expect(comments[0]!.diff_hunk).toMatch(/^@@ /);
    await expect(
      octokit.pulls.createReview({
        owner: 'acme',
        repo: 'app',
        pull_number: 7,
        event: 'COMMENT',
        body: 'x',
        comments: [{ path: 'app.py', line: 40, side: 'RIGHT', body: 'far away' }],
      }),
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: ['Line could not be resolved'] } } });
    const { data: reviews } = await octokit.pulls.listReviews({ owner: 'acme', repo: 'app', pull_number: 7 });
    expect(reviews).toHaveLength(1);
  });

  it('creates a branch, a pull request and a check run, and reads permissions and commits', async () => {
    const main = server.headSha('acme/app', 'main');
    await octokit.git.createRef({
      owner: 'acme',
      repo: 'app',
      ref: 'refs/heads/ci-autofix/pr-7',
      sha: featureSha,
    });
    const { data: ref } = await octokit.git.getRef({
      owner: 'acme',
      repo: 'app',
      ref: 'heads/ci-autofix/pr-7',
    });
    expect(ref.object.sha).toBe(featureSha);
    await expect(
      octokit.git.createRef({ owner: 'acme', repo: 'app', ref: 'refs/heads/ci-autofix/pr-7', sha: main }),
    ).rejects.toMatchObject({ status: 422 });
    const { data: pr } = await octokit.pulls.create({
      owner: 'acme',
      repo: 'app',
      head: 'ci-autofix/pr-7',
      base: 'main',
      title: 'ci-autofix fixes',
    });
    expect(pr.head.sha).toBe(featureSha);
    expect(server.pulls('acme/app').map((p) => p.number)).toContain(pr.number);

    const { data: check } = await octokit.checks.create({
      owner: 'acme',
      repo: 'app',
      name: 'ci-autofix',
      head_sha: featureSha,
      status: 'in_progress',
    });
    await octokit.checks.update({
      owner: 'acme',
      repo: 'app',
      check_run_id: check.id,
      conclusion: 'success',
      output: { title: 'Fixed', summary: '1 fix' },
    });
    expect(server.checkRuns('acme/app').find((c) => c.id === check.id)).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });

    server.setPermission('acme/app', 'maintainer', 'maintain');
    const { data: perm } = await octokit.repos.getCollaboratorPermissionLevel({
      owner: 'acme',
      repo: 'app',
      username: 'maintainer',
    });
    expect([perm.permission, perm.role_name]).toEqual(['write', 'maintain']);
    const { data: commit } = await octokit.repos.getCommit({ owner: 'acme', repo: 'app', ref: featureSha });
    expect(commit.files?.map((f) => f.filename)).toEqual(['app.py']);
    const { data: repo } = await octokit.repos.get({ owner: 'contrib', repo: 'app' });
    expect([repo.fork, repo.parent?.full_name]).toEqual([true, 'acme/app']);
  });
});

describe('faults', () => {
  it('fails the next matching requests: a 502 retried, a secondary rate limit waited out', async () => {
    const resilient = client(server, token, true);
    server.fault({ method: 'GET', path: /\/pulls\/7$/, status: 502 });
    const { data } = await resilient.pulls.get({ owner: 'acme', repo: 'app', pull_number: 7 });
    expect(data.number).toBe(7);
    server.fault({
      path: /\/issues\/7\/comments$/,
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      },
    });
    await resilient.issues.listComments({ owner: 'acme', repo: 'app', issue_number: 7 });
    const statuses = server.requests
      .filter((r) => /\/(pulls|issues)\/7(\/comments)?$/.test(r.path))
      .slice(-4)
      .map((r) => r.status);
    expect(statuses).toEqual([502, 200, 403, 200]);
    // Without the plugins, the fault reaches the caller.
    server.fault({ path: /\/pulls\/7$/, status: 502 });
    await expect(octokit.pulls.get({ owner: 'acme', repo: 'app', pull_number: 7 })).rejects.toMatchObject({
      status: 502,
    });
  });
});

describe('the OpenAPI check', () => {
  it('catches a malformed request body and a response that does not match the schema', async () => {
    await expect(
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: 'acme',
        repo: 'app',
        issue_number: 7,
        body: 42 as unknown as string,
      }),
    ).rejects.toMatchObject({ status: 422 });
    await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      owner: 'acme',
      repo: 'app',
      pull_number: 7,
      not_a_parameter: 'x',
    });
    const found = server.violations.splice(0);
    expect(found).toEqual([
      expect.stringMatching(/issues\/\{issue_number\}\/comments: request body: \/body must be string/),
      expect.stringMatching(/query parameter 'not_a_parameter' is not declared/),
    ]);
    // A response the double renders wrong is caught on its way out.
    const pull7 = server.pull('acme/app', 7);
    const title = pull7.title;
    pull7.title = 42 as unknown as string;
    await octokit.pulls.get({ owner: 'acme', repo: 'app', pull_number: 7 });
    pull7.title = title;
    expect(server.violations.splice(0)).toEqual([
      expect.stringMatching(/→ 200: response body: \/title must be string/),
    ]);

    const op = findOperation('GET', '/repos/acme/app/pulls/7')!;
    const pull = specExample<Record<string, unknown>>('pull-request');
    expect(
      checkResponse(op, 200, { ...pull, requested_teams: [], head: { ...(pull.head as object), sha: 7 } }),
    ).toEqual([expect.stringContaining('/head/sha must be string')]);
    expect(checkResponse(op, 201, {})).toEqual([expect.stringContaining('status not declared')]);
  });

  it('builds webhook payloads from the official examples, pointed at the server state', () => {
    const runState = server.runs('acme/app')[0]!;
    const payload = webhookPayload(server, 'workflow_run.completed', {
      repo: 'acme/app',
      runId: runState.id,
    });
    expect(payload).toMatchObject({
      action: 'completed',
      repository: { full_name: 'acme/app' },
      workflow_run: {
        id: runState.id,
        head_sha: featureSha,
        conclusion: 'failure',
        pull_requests: [{ number: 7 }],
      },
    });
    const comment = webhookPayload(server, 'issue_comment.created', {
      repo: 'acme/app',
      pull: 7,
      commentBody: '/autofix',
    });
    expect(comment).toMatchObject({ issue: { number: 7, pull_request: {} }, comment: { body: '/autofix' } });
    const sync = webhookPayload(server, 'pull_request.synchronize', { repo: 'acme/app', pull: 8 });
    expect(sync).toMatchObject({ number: 8, pull_request: { head: { repo: { full_name: 'contrib/app' } } } });
    const suite = webhookPayload(server, 'check_suite.completed', {
      repo: 'acme/app',
      runId: runState.id,
      pull: 7,
    });
    expect(suite).toMatchObject({ check_suite: { head_sha: featureSha, pull_requests: [{ number: 7 }] } });
  });
});
