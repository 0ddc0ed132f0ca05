import { git } from './git.js';

type Commit = { sha: string; message: string };

async function log(dir: string, args: string[]): Promise<Commit[]> {
  const out = await git(dir, ['log', ...args, '--format=%H%x00%B%x1e']);
  return out.stdout
    .split('\x1e')
    .map((c) => c.replace(/^\n/, ''))
    .filter((c) => c.includes('\0'))
    .map((c) => ({ sha: c.slice(0, c.indexOf('\0')), message: c.slice(c.indexOf('\0') + 1) }));
}

/** Commits reachable from HEAD and not from `base`, newest first (at most 500): each sha and message. */
export function commitsSince(dir: string, base: string): Promise<Commit[]> {
  return log(dir, ['-n', '500', `${base}..HEAD`]);
}

/** HEAD's newest `limit` commits, newest first. */
export function recentCommits(dir: string, limit: number): Promise<Commit[]> {
  return log(dir, ['-n', String(limit), 'HEAD']);
}

/**
 * Whether `sha`'s change was undone by hand after it, without a `git revert`: its patch applies again to
 * the work tree (what it removed is back, what it added is gone). A merge commit is never undone so.
 */
export async function undone(dir: string, sha: string): Promise<boolean> {
  const parents = (await git(dir, ['rev-list', '--parents', '-n', '1', sha])).stdout.trim().split(' ');
  if (parents.length !== 2) return false;
  const patch = (await git(dir, ['diff', '--no-color', '--no-ext-diff', '--binary', `${sha}^`, sha])).stdout;
  if (!patch.trim()) return false;
  return (await git(dir, ['apply', '--check', '-'], { input: patch, allowFail: true })).code === 0;
}
