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
