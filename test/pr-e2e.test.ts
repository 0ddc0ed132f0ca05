import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync } from './helpers/cli.js';
import { allToolsPath, git, toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import {
  examplePullRequest,
  gitArgvRecorder,
  checkAtHead,
  formatAndLint,
  lintSlip,
  tsLintSlip,
} from './helpers/pr-fixture.js';

/**
 * `ci-autofix pr` end to end against the GitHub double (REST checked against GitHub's OpenAPI, real git
 * smart HTTP): a pull request whose CI failed on formatting and lint gets validated commits pushed
 * fast-forward (or proposed in review mode) and one status comment; the token never shows anywhere.
 */

const STATUS_MARKER = '<!-- ci-autofix:status -->';
let server: GitHubServer;
let token: string;
const state = mkdtempSync(join(tmpdir(), 'ci-autofix-pr-state-'));

function pr(target: string, env: Record<string, string>, ...args: string[]) {
  return cliAsync(['pr', target, '--format', 'json', ...args], {
    GITHUB_TOKEN: token,
    ...server.clientEnv,
    PATH: toolsPath,
    CI_AUTOFIX_STATE_DIR: state,
    CI_AUTOFIX_GITHUB_RETRY_MS: '20',
    CI_AUTOFIX_PINNED_TOOLS: '0',
    ...env,
  });
}

useGitHubServer((s, t) => ((server = s), (token = t)));

describe('ci-autofix pr', () => {
  it('AUTO_APPROVE=true: pushes validated commits fast-forward, comments once, and a re-run adds nothing', async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/inventory', formatAndLint, toolsPath);
    const shim = gitArgvRecorder();
    const r = await pr('octo/inventory#1', { AUTO_APPROVE: 'true', PATH: `${shim.bin}:${toolsPath}` });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      outcome: string;
      published: { mode: string; commits: string[]; comment: number };
      github_requests: number;
    };
    expect(out.outcome).toBe('fixed');
    expect(out.published.mode).toBe('push');
    // Fast-forward from the analysed head, to the last fix commit.
    const pushes = server.pushes.filter((x) => x.repo === 'octo/inventory' && x.ref === 'refs/heads/feature');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.before).toBe(p.headSha);
    expect(pushes[0]!.after).toBe(out.published.commits.at(-1));
    expect(server.pull('octo/inventory', 1)!.head.sha).toBe(pushes[0]!.after);
    // The check is green at the new head.
    expect(checkAtHead(server, 'octo/inventory', p.dir, toolsPath)).toBe(0);
    // One comment, the final one, saying what was fixed.
    const comments = server.comments('octo/inventory', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(STATUS_MARKER);
    expect(comments[0]!.body).toContain('fixed the failing checks');
    // Each tool by its name and version, never a path of the machine that ran it.
    expect(comments[0]!.body).toMatch(/with `ruff \d+\.\d+\.\d+ \(from PATH\)`/);
    expect(comments[0]!.body).not.toMatch(/\/tmp\/|\/root\//);
    expect(out.github_requests).toBeLessThanOrEqual(15);

    // The token never appears: not in argv, output, comments or commits.
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    const argv = readFileSync(shim.log, 'utf8');
    expect(argv).toContain('push');
    for (const secret of [token, basic])
      for (const text of [
        argv,
        r.stdout,
        r.stderr,
        comments[0]!.body,
        git(p.dir, 'log', '--format=%B', 'FETCH_HEAD'),
      ])
        expect(text).not.toContain(secret);

    // Again: the new head has no failed run, so nothing is pushed or commented.
    const again = await pr('octo/inventory#1', { AUTO_APPROVE: 'true' });
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).outcome).toBe('nothing-to-fix');
    expect(server.comments('octo/inventory', 1)).toHaveLength(1);
    expect(server.pushes.filter((x) => x.ref === 'refs/heads/feature')).toHaveLength(1);
  });

  it('a TypeScript PR (prettier, eslint --fix): pushed, and green at the new head', async () => {
    const p = await examplePullRequest(server, 'typescript-package', 'octo/cart', tsLintSlip, allToolsPath);
    const r = await pr(
      'octo/cart#1',
      { AUTO_APPROVE: 'true', PATH: allToolsPath },
      '--dependencies-from',
      p.dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { outcome: string; published: { mode: string; commits: string[] } };
    expect(out).toMatchObject({ outcome: 'fixed', published: { mode: 'push' } });
    expect(server.pull('octo/cart', 1)!.head.sha).toBe(out.published.commits.at(-1));
    expect(checkAtHead(server, 'octo/cart', p.dir, allToolsPath)).toBe(0);
  });

  it('review mode (the default): proposes the fix and leaves the PR branch untouched', async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/review', lintSlip, toolsPath);
    const r = await pr('octo/review#1', {});
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { published: { mode: string; review?: string; branch?: string } };
    expect(out.published.mode).toBe('suggestions');
    expect(server.pull('octo/review', 1)!.head.sha).toBe(p.headSha);
    expect(server.pushes.filter((x) => x.repo === 'octo/review' && x.ref === 'refs/heads/feature')).toEqual(
      [],
    );
    const reviews = server.reviews('octo/review', 1);
    expect(reviews).toHaveLength(1);
    expect(JSON.stringify(reviews[0])).toContain('```suggestion');
    const comments = server.comments('octo/review', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('proposes a fix');
    // The same failure on the same head is attempted once: a second run changes nothing.
    const again = await pr('octo/review#1', {});
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'skipped' });
    expect(JSON.parse(again.stdout).reason).toContain('attempted before');
    expect(server.reviews('octo/review', 1)).toHaveLength(1);
    expect(server.comments('octo/review', 1)).toEqual(comments);
  });

  it('review mode, a fix outside the PR diff: a fix branch in the base repository and a PR against the PR branch', async () => {
    const p = await examplePullRequest(
      server,
      'python-service',
      'octo/branch',
      (d) => {
        // Already on main: a formatting slip at the end of models.py.
        const models = join(d, 'src/inventory/models.py');
        const text = readFileSync(models, 'utf8');
        writeFileSync(models, text.replace('field(default_factory=list)', 'field(default_factory = list)'));
        git(d, 'commit', '--quiet', '-am', 'old style');
        // The PR touches the top of the same file only.
        writeFileSync(models, `"""Inventory records."""\n\n${readFileSync(models, 'utf8')}`);
      },
      toolsPath,
    );
    const r = await pr('octo/branch#1', {});
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { published: { mode: string; branch: string; pull_request: string } };
    expect(out.published.mode).toBe('branch');
    expect(out.published.branch).toBe(`ci-autofix/pr-1-${p.headSha.slice(0, 7)}`);
    const opened = server.pulls('octo/branch').find((x) => x.number !== 1)!;
    expect(opened.head.ref).toBe(out.published.branch);
    expect(opened.base.ref).toBe('feature');
    expect(server.pull('octo/branch', 1)!.head.sha).toBe(p.headSha);
    expect(server.comments('octo/branch', 1)[0]!.body).toContain(`Merge [#${opened.number}]`);
  });

  it('--dry-run: the analysis and the fix, and nothing published', async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/dry', lintSlip, toolsPath);
    const r = await pr('octo/dry#1', { AUTO_APPROVE: 'true' }, '--dry-run');
    const out = JSON.parse(r.stdout) as { fix: { plan: { steps: unknown[] } }; published: { mode: string } };
    expect(out.fix.plan.steps.length).toBeGreaterThan(0);
    expect(out.published.mode).toBe('none');
    expect(server.comments('octo/dry', 1)).toEqual([]);
    expect(server.pushes.filter((x) => x.repo === 'octo/dry' && x.ref === 'refs/heads/feature')).toEqual([]);
    expect(server.pull('octo/dry', 1)!.head.sha).toBe(p.headSha);
  });

  it("a failure on ci-autofix's own commit gets a comment, not another attempt", async () => {
    const p = await examplePullRequest(server, 'python-service', 'octo/loop', lintSlip, toolsPath, {
      name: 'ci-autofix',
      email: 'ci-autofix@users.noreply.github.com',
      message: 'style: format 1 file with ruff format\n\nCI-Autofix: ruff-format\n',
    });
    const r = await pr('octo/loop#1', { AUTO_APPROVE: 'true' });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { outcome: string; reason: string };
    expect(out.outcome).toBe('skipped');
    expect(out.reason).toContain("ci-autofix's own");
    expect(server.pull('octo/loop', 1)!.head.sha).toBe(p.headSha);
    const comments = server.comments('octo/loop', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('stopped');
  });
});
