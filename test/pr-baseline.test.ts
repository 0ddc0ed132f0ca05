import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync } from './helpers/cli.js';
import { git, toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { actionsLog, examplePullRequest, lintSlip, runCheck } from './helpers/pr-fixture.js';

/**
 * `ci-autofix pr` reads the failed job's log against the same job's log in the newest passing run of its
 * workflow on the PR's base branch, fetched through the API and kept in the state folder: a second job on
 * the repository does not download it again, and a fixed PR stays within 15 API requests with it.
 */
let server: GitHubServer;
let token: string;
useGitHubServer((s, t) => ((server = s), (token = t)));

const pr = (target: string, state: string, args: string[] = []) =>
  cliAsync(['pr', target, '--format', 'json', ...args], {
    GITHUB_TOKEN: token,
    ...server.clientEnv,
    PATH: toolsPath,
    AUTO_APPROVE: 'true',
    CI_AUTOFIX_STATE_DIR: state,
    CI_AUTOFIX_PINNED_TOOLS: '0',
  });

describe('ci-autofix pr, the baseline', () => {
  it('fetches the passing log of the same job on the base branch once, and a fixed PR stays within 15 requests', async () => {
    const repo = 'octo/baseline';
    const p = await examplePullRequest(server, 'python-service', repo, lintSlip, toolsPath);
    // CI passed on main: the same job's log, the check's real output there.
    const green = runCheck(p.dir, toolsPath);
    expect(green.code).toBe(0);
    const main = server.addWorkflowRun({
      repo,
      headSha: git(p.dir, 'rev-parse', 'main').trim(),
      headBranch: 'main',
      event: 'push',
      name: 'CI',
      conclusion: 'success',
      jobs: [{ name: 'check', conclusion: 'success', log: actionsLog('just check', green.output, 0) }],
    });
    const greenLog = `/repos/${repo}/actions/jobs/${main.jobs[0]!.id}/logs`;
    const downloads = () => server.requests.filter((q) => q.path === greenLog).length;

    const state = mkdtempSync(join(tmpdir(), 'ci-autofix-baseline-state-'));
    const first = await pr(`${repo}#${p.number}`, state, ['--dry-run']);
    expect(first.stderr).toContain('read against 1 passing log(s) of the same job(s) on main');
    expect(downloads()).toBe(1);
    expect(readdirSync(join(state, 'baselines')).filter((f) => f.endsWith('.log.gz'))).toHaveLength(1);
    // Again: the log comes from the state folder.
    const second = await pr(`${repo}#${p.number}`, state, ['--dry-run']);
    expect(second.stderr).toContain('read against 1 passing log(s)');
    expect(downloads()).toBe(1);

    // A fixed PR, its baseline downloaded (a fresh state folder): 15 requests at most in all.
    const fixed = await pr(`${repo}#${p.number}`, mkdtempSync(join(tmpdir(), 'ci-autofix-baseline-fresh-')));
    expect(fixed.code, fixed.stderr).toBe(0);
    const out = JSON.parse(fixed.stdout) as { outcome: string; github_requests: number };
    expect(out.outcome).toBe('fixed');
    expect(downloads()).toBe(2);
    expect(out.github_requests).toBeLessThanOrEqual(15);
  });
});
