import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, repoRoot } from './helpers/cli.js';
import { exampleRepo, git, toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { failedCheckRun } from './helpers/pr-fixture.js';

/**
 * `ci-autofix pr` on a failure no code change fixes: the PR's CI died installing its dependencies because
 * pip could not reach its index (a real recording, test/fixtures/infrastructure/pip-dns-job.log). The job
 * is judged from its log, before any clone: nothing is cloned, fixed or pushed, and the status comment
 * says to re-run the job and why.
 */
const STATUS_MARKER = '<!-- ci-autofix:status -->';
let server: GitHubServer;
let token: string;
useGitHubServer((s, t) => ((server = s), (token = t)));

describe('ci-autofix pr, judging the failure before a fix', () => {
  it("a job the network failed is the infrastructure's: no clone, no fix, the comment says to re-run it", async () => {
    const repo = 'octo/rerun';
    const dir = exampleRepo('python-service', (d) => {
      const models = join(d, 'src/inventory/models.py');
      writeFileSync(models, `${readFileSync(models, 'utf8')}\n# Reservations are kept for a week.\n`);
    });
    git(dir, 'branch', 'feature', 'HEAD');
    git(dir, 'reset', '--quiet', '--hard', 'HEAD~1');
    const headSha = git(dir, 'rev-parse', 'feature').trim();
    await server.addRepo({ fullName: repo, from: dir, defaultBranch: 'main' });
    const pull = server.addPullRequest({
      repo,
      head: { repo, ref: 'feature' },
      base: { ref: 'main' },
      user: 'dev',
    });
    const log = readFileSync(join(repoRoot, 'test/fixtures/infrastructure/pip-dns-job.log'), 'utf8');
    failedCheckRun(server, { repo, headSha, branch: 'feature', log, pull: pull.number });

    const r = await cliAsync(['pr', `${repo}#${pull.number}`, '--format', 'json'], {
      GITHUB_TOKEN: token,
      ...server.clientEnv,
      PATH: toolsPath,
      AUTO_APPROVE: 'true',
      CI_AUTOFIX_STATE_DIR: mkdtempSync(join(tmpdir(), 'ci-autofix-judge-state-')),
      CI_AUTOFIX_GITHUB_RETRY_MS: '20',
      CI_AUTOFIX_PINNED_TOOLS: '0',
    });
    // Not fixed: `pr` exits 1, with the outcome in its JSON.
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { outcome: string; reason: string; published: { mode: string } };
    expect(out.outcome).toBe('skipped');
    expect(out.reason).toMatch(
      /^nothing to fix in the code, re-run the failed job\(s\): pip could not reach/,
    );
    expect(out.published.mode).toBe('none');
    // Judged from the log alone: the head was never fetched, nothing was pushed.
    expect(server.requests.some((q) => q.path.startsWith(`/git/${repo}`))).toBe(false);
    expect(server.pushes.filter((p) => p.repo === repo)).toEqual([]);
    const comments = server.comments(repo, pull.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(STATUS_MARKER);
    expect(comments[0]!.body).toContain('pip could not reach the package index');
  });
});
