import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliAsync } from './helpers/cli.js';
import { BIOME, fixAt, GO, RUST, runAction, type Family } from './helpers/family-prs.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { webhookPayload } from './helpers/github-server/webhook-payload.js';
import { checkAtHead, examplePullRequest } from './helpers/pr-fixture.js';
import { deliver, startServe } from './helpers/serve-process.js';

/**
 * The Go, Rust and Biome families through the entry points that fix a pull request, against the GitHub
 * double (REST checked against GitHub's OpenAPI, real git): `ci-autofix pr`, the bundled Action and
 * `serve`. Each PR's CI failed on what the family's own tools fix (layout, imports, safe lint fixes), so
 * the fix is pushed fast-forward, the status comment ends `fixed`, and the project's check (its justfile)
 * is green at the pushed head, run there as CI would.
 */

const STATUS_MARKER = '<!-- ci-autofix:status -->';
let server: GitHubServer;
let token: string;
const state = mkdtempSync(join(tmpdir(), 'ci-autofix-families-state-'));
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

useGitHubServer((s, t) => ((server = s), (token = t)));

type Pull = Awaited<ReturnType<typeof examplePullRequest>>;

/** A PR of `family`'s example on the double whose CI (the check, run at its head for real) failed. */
async function failedPull(family: Family, repo: string): Promise<Pull> {
  const p = await examplePullRequest(server, family.example, repo, family.slip, family.path);
  expect(p.log).toContain('##[error]Process completed with exit code 1.');
  return p;
}

/**
 * What a user sees once the fix is published: one fast-forward push from the analysed head to the last
 * fix commit, each commit named after the tool's fix, the family's files changed, the check green at the
 * new head, and one status comment in its final state.
 */
function expectPushedFix(family: Family, repo: string, p: Pull, commits?: string[]): void {
  const pushes = server.pushes.filter((x) => x.repo === repo && x.ref === 'refs/heads/feature');
  expect(pushes).toHaveLength(1);
  expect(pushes[0]!.before).toBe(p.headSha);
  expect(server.pull(repo, p.number)!.head.sha).toBe(pushes[0]!.after);
  // CI again at the pushed head (checked out in the example's folder): green.
  expect(checkAtHead(server, repo, p.dir, family.path)).toBe(0);
  const fix = fixAt(p.dir, p.headSha);
  // The commits the job reported are the ones pushed, on top of the analysed head.
  if (commits) expect(fix.commits).toEqual(commits);
  expect(fix.commits.at(-1)).toBe(pushes[0]!.after);
  expect(fix.subjects).toEqual(family.subjects);
  expect(fix.files).toEqual(family.files);
  const comments = server.comments(repo, p.number);
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toContain(STATUS_MARKER);
  expect(comments[0]!.body).toContain('fixed the failing checks');
  expect(comments[0]!.body).not.toContain('is working on');
  // Each fix by the tool that made it, and the files it fixed.
  for (const tool of family.tools) expect(comments[0]!.body).toContain(`with \`${tool}`);
  for (const file of family.files) expect(comments[0]!.body).toContain(`\`${file}\``);
  expect(comments[0]!.body).not.toContain(token);
}

function pr(family: Family, target: string) {
  return cliAsync(['pr', target, '--format', 'json'], {
    GITHUB_TOKEN: token,
    ...server.clientEnv,
    PATH: family.path,
    CI_AUTOFIX_STATE_DIR: state,
    CI_AUTOFIX_GITHUB_RETRY_MS: '20',
    CI_AUTOFIX_PINNED_TOOLS: '0',
    AUTO_APPROVE: 'true',
  });
}

for (const family of [GO, RUST, BIOME])
  describe.skipIf(!family.present)(`ci-autofix pr on the ${family.name} example`, () => {
    it('AUTO_APPROVE=true: the tools’ fixes pushed fast-forward, the comment final, the check green at the head', async () => {
      const repo = `octo/${family.example}`;
      const p = await failedPull(family, repo);
      const r = await pr(family, `${repo}#${p.number}`);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { outcome: string; published: { mode: string; commits: string[] } };
      expect(out).toMatchObject({ outcome: 'fixed', published: { mode: 'push' } });
      expectPushedFix(family, repo, p, out.published.commits);
    });
  });

describe.skipIf(!BIOME.present)('the GitHub Action on the Biome example', () => {
  it('fix mode, auto-approve: the failed workflow_run gets Biome’s fixes pushed, and the outputs say so', async () => {
    const repo = 'octo/action-biome';
    const p = await failedPull(BIOME, repo);
    const run = server.runs(repo)[0]!;
    const r = await runAction(server, {
      repo,
      runId: run.id,
      inputs: { 'github-token': token, 'auto-approve': 'true' },
      env: {
        PATH: BIOME.path,
        // The workflow's checkout of the default branch: it lends the fix its node_modules (its own Biome).
        GITHUB_WORKSPACE: p.dir,
        CI_AUTOFIX_STATE_DIR: state,
        CI_AUTOFIX_GITHUB_RETRY_MS: '20',
        CI_AUTOFIX_PINNED_TOOLS: '0',
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.outcome).toBe('fixed');
    expect(r.stdout).toContain('outcome: fixed');
    expectPushedFix(BIOME, repo, p, r.outputs.commits!.split('\n'));
    expect(r.stdout + r.stderr).not.toContain(token);
  });
});

describe.skipIf(!RUST.present)('ci-autofix serve on the Rust example', () => {
  it('a signed workflow_run webhook becomes one job: cargo fmt’s and clippy’s commits pushed, the comment final', async () => {
    const repo = 'octo/serve-rust';
    const secret = 'webhook-secret-for-families-0123456789';
    const p = await failedPull(RUST, repo);
    const run = server.runs(repo)[0]!;
    const serve = await startServe({
      GITHUB_TOKEN: token,
      ...server.clientEnv,
      PATH: RUST.path,
      CI_AUTOFIX_STATE_DIR: state,
      CI_AUTOFIX_PINNED_TOOLS: '0',
      // The embedded store (PGlite) in a folder of its own.
      CI_AUTOFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'ci-autofix-families-serve-')),
      GITHUB_WEBHOOK_SECRET: secret,
      AUTO_APPROVE: 'true',
      MONITOR_INTERVAL: '0',
    });
    cleanup.push(() => serve.stop('SIGKILL'));
    const payload = webhookPayload(server, 'workflow_run.completed', { repo, runId: run.id });
    const delivered = await deliver(serve.url, 'workflow_run', payload, secret);
    expect(delivered.status).toBe(202);
    expect(String((delivered.body.results as string[])[0])).toMatch(/^queued job /);
    const finished = await serve.waitForLog((e) => e.msg === 'job finished');
    expect(finished).toMatchObject({ outcome: 'fixed', published: 'push' });
    expectPushedFix(RUST, repo, p);
    expect(serve.lines.filter((e) => e.msg === 'job finished')).toHaveLength(1);
    const log = serve.lines.map((l) => JSON.stringify(l)).join('\n') + serve.stderr();
    expect(log).not.toContain(token);
    expect(log).not.toContain(secret);
    expect(await serve.stop()).toBe(0);
  });
});
