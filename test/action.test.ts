import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './helpers/cli.js';
import { cleanRunnerEnv, runBundledAction, type ActionRun } from './helpers/run-action.js';
import { exampleRepo, git, toolsPath } from './helpers/example-repo.js';
import { webhookPayload, type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { actionsLog, examplePullRequest, runCheck, lintSlip, checkAtHead } from './helpers/pr-fixture.js';

/**
 * The GitHub Action as the runner starts it: `node action/index.js` (the committed bundle) with its
 * inputs in `INPUT_*`, a `workflow_run.completed` event at GITHUB_EVENT_PATH, outputs to GITHUB_OUTPUT,
 * against the GitHub double (REST checked against GitHub's OpenAPI, real git).
 */

const STATUS_MARKER = '<!-- ci-autofix:status -->';
let server: GitHubServer;
let token: string;
const tmp = mkdtempSync(join(tmpdir(), 'ci-autofix-action-'));
const state = join(tmp, 'state');

/** The runner's environment for one step of the Action: nothing of this machine's GitHub or model setup. */
function runnerEnv(extra: Record<string, string>): Record<string, string> {
  return {
    ...cleanRunnerEnv(),
    PATH: toolsPath,
    NO_COLOR: '1',
    CI_AUTOFIX_STATE_DIR: state,
    CI_AUTOFIX_GITHUB_RETRY_MS: '20',
    CI_AUTOFIX_PINNED_TOOLS: '0',
    ...server.clientEnv,
    GITHUB_SERVER_URL: server.serverUrl,
    ...extra,
  };
}

/** Runs the bundled Action on the `workflow_run.completed` event of `runId`. */
function runAction(
  repo: string,
  runId: number,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runBundledAction({
    server,
    parent: tmp,
    repo,
    runId,
    inputs: { 'github-token': token, ...inputs },
    env: runnerEnv(env),
  });
}

/** A local receiver for the webhook. */
async function webhookReceiver(): Promise<{
  url: string;
  deliveries: Array<{ headers: IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}> {
  const deliveries: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (b) => (body += b));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    close: () => new Promise((r) => http.close(() => r())),
  };
}

useGitHubServer((s, t) => ((server = s), (token = t)));

describe('the GitHub Action', () => {
  it('action/index.js is the build of the sources (rebuild: node scripts/build-action.mjs)', async () => {
    const check = spawn(process.execPath, [join(repoRoot, 'scripts/build-action.mjs'), '--check']);
    let stderr = '';
    check.stderr.on('data', (b) => (stderr += b));
    expect(await new Promise((r) => check.on('close', r)), stderr).toBe(0);
    const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
      runs: { using: string; main: string };
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    expect(action.runs).toEqual({ using: 'node24', main: 'action/index.js' });
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        'anthropic-api-key',
        'auto-approve',
        'check',
        'github-token',
        'max-attempts',
        'mode',
        'openai-api-key',
      ].sort(),
    );
    expect(Object.keys(action.outputs).sort()).toEqual(['commits', 'outcome']);
  });

  it('the example workflows: workflow_run of CI, least permissions, the Action only through uses/with', () => {
    const inputs = Object.keys(
      (parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { inputs: object }).inputs,
    );
    const expected = {
      'ci-autofix.yml': { contents: 'write', 'pull-requests': 'write', actions: 'write' },
      'ci-autofix-trigger.yml': { contents: 'read', 'pull-requests': 'write', actions: 'read' },
    };
    for (const [file, permissions] of Object.entries(expected)) {
      const wf = parse(readFileSync(join(repoRoot, 'examples/workflows', file), 'utf8')) as {
        on: { workflow_run: { workflows: string[]; types: string[] } };
        permissions: Record<string, string>;
        jobs: Record<string, { if: string; steps: Array<{ uses?: string; run?: string; with?: object }> }>;
      };
      expect(wf.on.workflow_run.types, file).toEqual(['completed']);
      expect(wf.permissions, file).toEqual(permissions);
      const [job] = Object.values(wf.jobs);
      expect(job!.if, file).toContain("github.event.workflow_run.conclusion == 'failure'");
      // Nothing of the event is ever interpolated into a shell line.
      for (const step of job!.steps) if (step.run !== undefined) expect(step.run, file).not.toContain('${{');
      const action = job!.steps.filter((step) => /\/ci-autofix@/.test(step.uses ?? ''));
      expect(action, file).toHaveLength(1);
      for (const key of Object.keys(action[0]!.with ?? {})) expect(inputs, `${file}: ${key}`).toContain(key);
      if (file === 'ci-autofix-trigger.yml') {
        expect(action[0]!.with).toEqual({ mode: 'notify' });
        expect(job!.steps.filter((step) => step.run !== undefined)).toEqual([]);
      }
    }
  });

  it('fix mode: a failed workflow_run of a pull request gets its fix pushed, and the outputs say so', async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/action', lintSlip, toolsPath);
    const run = server.runs('octo/action')[0]!;
    const r = await runAction('octo/action', run.id, { 'auto-approve': 'true' }, { GITHUB_WORKSPACE: p.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.outcome).toBe('fixed');
    const pushes = server.pushes.filter((x) => x.repo === 'octo/action' && x.ref === 'refs/heads/feature');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.before).toBe(p.headSha);
    const commits = r.outputs.commits!.split('\n');
    expect(commits.length).toBeGreaterThanOrEqual(1);
    expect(commits.at(-1)).toBe(pushes[0]!.after);
    // The check is green at the pushed head.
    expect(checkAtHead(server, 'octo/action', p.dir, toolsPath)).toBe(0);
    const comments = server.comments('octo/action', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(STATUS_MARKER);
    expect(comments[0]!.body).toContain('fixed the failing checks');
    // Workflow commands are off while the job prints; the token shows nowhere.
    expect(r.stdout).toMatch(/^::stop-commands::ci-autofix-[\w-]+\n/);
    expect(r.stdout).toContain('outcome: fixed');
    for (const text of [r.stdout, r.stderr, JSON.stringify(r.outputs), comments[0]!.body])
      expect(text).not.toContain(token);
  });
  it("a fork's run names no pull request: the Action finds it by head repository and branch", async () => {
    const dir = exampleRepo('python-service', lintSlip);
    git(dir, 'branch', 'feature', 'HEAD');
    git(dir, 'reset', '--quiet', '--hard', 'HEAD~1');
    const headSha = git(dir, 'rev-parse', 'feature').trim();
    await server.addRepo({ fullName: 'octo/upstream', from: dir, defaultBranch: 'main' });
    await server.addRepo({ fullName: 'contrib/upstream', from: dir, forkOf: 'octo/upstream' });
    // A branch of the same name in the base repository has a pull request too: not the run's.
    server.addPullRequest({
      repo: 'octo/upstream',
      head: { repo: 'octo/upstream', ref: 'feature' },
      base: { ref: 'main' },
    });
    const fork = server.addPullRequest({
      repo: 'octo/upstream',
      head: { repo: 'contrib/upstream', ref: 'feature' },
      base: { ref: 'main' },
      maintainerCanModify: true,
    });
    const run = failedRun('octo/upstream', dir, 'feature', headSha, { headRepo: 'contrib/upstream' });
    const event = webhookPayload(server, 'workflow_run.completed', { repo: 'octo/upstream', runId: run.id });
    expect(event).toMatchObject({
      workflow_run: { pull_requests: [], head_repository: { full_name: 'contrib/upstream' } },
    });

    // Review mode (the default): the fix is proposed on the fork's pull request, nothing is pushed.
    const r = await runAction('octo/upstream', run.id, {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.outcome).toBe('fixed');
    expect(r.stderr).toContain(`pull request octo/upstream#${fork.number}`);
    expect(server.reviews('octo/upstream', fork.number)).toHaveLength(1);
    expect(server.comments('octo/upstream', fork.number)[0]!.body).toContain('proposes a fix');
    expect(server.comments('octo/upstream', 1)).toEqual([]);
    expect(server.pushes.filter((x) => x.repo === 'contrib/upstream')).toEqual([]);
  });

  it('notify mode: the status comment and the signed ci_failure webhook, no fix', async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/notify', lintSlip, toolsPath);
    const run = server.runs('octo/notify')[0]!;
    const hook = await webhookReceiver();
    try {
      const env = { AUTOFIX_WEBHOOK_URL: hook.url, AUTOFIX_WEBHOOK_SECRET: 'the-webhook-secret' };
      const r = await runAction('octo/notify', run.id, { mode: 'notify' }, env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.outputs).toEqual({ outcome: 'notified', commits: '' });
      expect(hook.deliveries).toHaveLength(1);
      const { headers, body } = hook.deliveries[0]!;
      expect(headers['x-autofix-event']).toBe('ci_failure');
      expect(headers['x-autofix-signature-256']).toBe(
        `sha256=${createHmac('sha256', 'the-webhook-secret').update(body).digest('hex')}`,
      );
      const payload = JSON.parse(body) as { errors: Array<{ tool: string; code?: string }> };
      expect(payload).toMatchObject({
        event: 'ci_failure',
        pr_number: p.number,
        branch: 'feature',
        repository: 'octo/notify',
        head_sha: p.headSha,
      });
      expect(payload.errors).toContainEqual(expect.objectContaining({ tool: 'ruff', code: 'F401' }));
      const comments = server.comments('octo/notify', p.number);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain(STATUS_MARKER);
      expect(comments[0]!.body).toContain('is working on the failing checks');
      // The attempt is the fix service's to record, not the notifier's.
      expect(comments[0]!.body).toContain('<!-- ci-autofix:attempts [] -->');
      expect(server.pushes.filter((x) => x.repo === 'octo/notify')).toEqual([]);
      expect(server.reviews('octo/notify', p.number)).toEqual([]);
      for (const text of [r.stdout, r.stderr, comments[0]!.body]) {
        expect(text).not.toContain('the-webhook-secret');
        expect(text).not.toContain(token);
      }

      // Again (a re-run of CI): the same comment, updated in place.
      const again = await runAction('octo/notify', run.id, { mode: 'notify' }, env);
      expect(again.code, again.stderr).toBe(0);
      expect(hook.deliveries).toHaveLength(2);
      expect(server.comments('octo/notify', p.number)).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it('a run that did not fail, or of no pull request, is skipped with success', async () => {
    const dir = exampleRepo('python-service', lintSlip);
    const headSha = git(dir, 'rev-parse', 'HEAD').trim();
    await server.addRepo({ fullName: 'octo/quiet', from: dir, defaultBranch: 'main' });
    const job = { name: 'check', conclusion: 'success' as const, log: '' };
    const green = server.addWorkflowRun({
      repo: 'octo/quiet',
      headSha,
      headBranch: 'main',
      conclusion: 'success',
      jobs: [job],
    });
    const pushed = server.addWorkflowRun({
      repo: 'octo/quiet',
      headSha,
      headBranch: 'main',
      event: 'push',
      conclusion: 'failure',
      jobs: [{ ...job, conclusion: 'failure' }],
    });
    for (const run of [green, pushed]) {
      const r = await runAction('octo/quiet', run.id, {});
      expect(r.code, r.stderr).toBe(0);
      expect(r.outputs).toEqual({ outcome: 'skipped', commits: '' });
    }
    expect(server.comments('octo/quiet', 1)).toEqual([]);
  });

  it('log lines, a branch name and a title built to break out of a shell stay data', async () => {
    const canary = join(tmp, 'canary', 'pwned');
    mkdirSync(join(tmp, 'canary'));
    const home = join(tmp, 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'still-here'), '');
    const touch = `touch ${canary}`;
    const evil = `$(${touch}) \`${touch}\` '; ${touch}; '"; ${touch}; rm -rf ~; "`;
    const evilBranch = `x$(touch\${IFS}${canary})\`touch\${IFS}${canary}\`';touch\${IFS}${canary};'";touch\${IFS}${canary};rm\${IFS}-rf\${IFS}$HOME;"`;
    const dir = exampleRepo('python-service', (d) => {
      // A failing test that quotes the text: pytest prints it in the log, and the check reports it.
      const test = join(d, 'tests/test_quoting.py');
      writeFileSync(test, `def test_quoting():\n    assert ${JSON.stringify(evil)} == "ok"\n`);
      execFileSync('ruff', ['format', '--no-cache', '--quiet', test], {
        env: { ...process.env, PATH: toolsPath },
      });
      git(d, 'add', test);
    });
    git(dir, 'branch', evilBranch, 'HEAD');
    git(dir, 'reset', '--quiet', '--hard', 'HEAD~1');
    const headSha = git(dir, 'rev-parse', evilBranch).trim();
    await server.addRepo({ fullName: 'octo/quoting', from: dir, defaultBranch: 'main' });
    const pull = server.addPullRequest({
      repo: 'octo/quoting',
      head: { repo: 'octo/quoting', ref: evilBranch },
      base: { ref: 'main' },
      title: evil,
      body: evil,
    });
    const run = failedRun('octo/quoting', dir, evilBranch, headSha, {
      pullRequests: [pull.number],
      job: `check ${evil}`,
      step: `Run ${evil}`,
      extraLog: `${evil}\n##[error]${evil}\n::error::${evil}\n`,
    });
    const hook = await webhookReceiver();
    try {
      const notified = await runAction(
        'octo/quoting',
        run.id,
        { mode: 'notify' },
        { AUTOFIX_WEBHOOK_URL: hook.url, HOME: home },
      );
      expect(notified.code, notified.stderr).toBe(0);
      const payload = JSON.parse(hook.deliveries[0]!.body) as {
        branch: string;
        errors: Array<{ message: string }>;
      };
      expect(payload.branch).toBe(evilBranch);
      expect(payload.errors.map((e) => e.message)).toContain(evil);

      const fixed = await runAction('octo/quoting', run.id, {}, { HOME: home });
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(fixed.outputs.outcome).toBe('not-fixable');
      expect(fixed.outputs.commits).toBe('');

      // Nothing ran: no canary, and the home folder is still there.
      expect(existsSync(canary)).toBe(false);
      expect(existsSync(join(home, 'still-here'))).toBe(true);
      // The text is in the comment, only inside code spans.
      const body = server.comments('octo/quoting', pull.number)[0]!.body;
      expect(body).toContain(touch);
      expect(outsideCode(body)).not.toMatch(/touch|rm -rf|\$\(/);
      // And the Action never let the runner read a workflow command from what it printed.
      for (const out of [notified, fixed]) {
        const stop = /^::stop-commands::(\S+)\n/.exec(out.stdout);
        expect(stop).not.toBeNull();
        expect(out.stdout).not.toContain(`::${stop![1]}::`);
      }
    } finally {
      await hook.close();
    }
  });
});

/** What is left of markdown once its code spans are taken out. */
function outsideCode(markdown: string): string {
  return markdown.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

/** A failed workflow run of `branch` whose log is the example's check, run there for real. */
function failedRun(
  repo: string,
  dir: string,
  branch: string,
  headSha: string,
  o: { headRepo?: string; pullRequests?: number[]; job?: string; step?: string; extraLog?: string } = {},
) {
  git(dir, 'checkout', '--quiet', branch);
  const check = runCheck(dir, toolsPath);
  git(dir, 'checkout', '--quiet', 'main');
  return server.addWorkflowRun({
    repo,
    headSha,
    headBranch: branch,
    ...(o.headRepo ? { headRepo: o.headRepo } : {}),
    name: 'CI',
    conclusion: 'failure',
    jobs: [
      {
        name: o.job ?? 'check',
        conclusion: 'failure',
        log: actionsLog('just check', `${check.output}${o.extraLog ?? ''}`, check.code),
        steps: [
          { name: 'Set up job', conclusion: 'success', number: 1 },
          { name: o.step ?? 'Run just check', conclusion: 'failure', number: 2 },
        ],
      },
    ],
    pullRequests: o.pullRequests ?? [],
  });
}
