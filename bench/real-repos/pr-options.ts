import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHubServer } from '../../test/helpers/github-server/index.js';
import { actionsLog } from '../../test/helpers/pr-fixture.js';
import type { RealCase } from './real-case.js';

/** The cases the benches that make pull requests of real-repos cases run by default (the fast ones). */
const DEFAULT_CASES =
  'attrs-format-1,attrs-import-1,build-format-1,build-import-1,piptools-import-1,piptools-lint-1,piptools-format-2';

/**
 * `[--only ID,...] [--mirrors DIR]` of bench/github/real-prs.ts and bench/dashboard/real-prs.ts, and where
 * their tools are installed (bench/.data/real-repos, made here).
 */
export function realPrOptions(args: readonly string[], root: string) {
  const opt = (name: string) =>
    args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
  const dataDir = join(root, 'bench/.data/real-repos');
  mkdirSync(dataDir, { recursive: true });
  return {
    mirrors: opt('mirrors') ?? '/work/.mirror',
    only: (opt('only') ?? DEFAULT_CASES).split(','),
    dataDir,
  };
}

/** git in `cwd`, its output trimmed. */
export const git = (cwd: string, ...a: string[]) => execFileSync('git', a, { cwd, encoding: 'utf8' }).trim();

/**
 * The case's failing commit as an open pull request of `repo` on the GitHub double (head `feature`, base
 * `main`), and its CI: one failed run whose one job's log is the check's real output at the head.
 */
export function failingPullRequest(
  server: GitHubServer,
  repo: string,
  c: RealCase,
  at: { head: string; check: { output: string; code: number }; title?: string },
) {
  const pull = server.addPullRequest({
    repo,
    head: { repo, ref: 'feature' },
    base: { ref: 'main' },
    ...(at.title ? { title: at.title } : {}),
  });
  const log = actionsLog(c.check, at.check.output, at.check.code);
  const run = server.addWorkflowRun({
    repo,
    headSha: at.head,
    headBranch: 'feature',
    name: 'CI',
    conclusion: 'failure',
    jobs: [{ name: c.category, conclusion: 'failure', log }],
    pullRequests: [pull.number],
  });
  return { pull, run };
}
