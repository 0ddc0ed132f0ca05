import { git } from './git.js';

/** Commits reachable from HEAD and not from `base`, newest first (at most 500): each sha and message. */
export async function commitsSince(
  dir: string,
  base: string,
): Promise<Array<{ sha: string; message: string }>> {
  const out = await git(dir, ['log', '-n', '500', '--format=%H%x00%B%x1e', `${base}..HEAD`]);
  return out.stdout
    .split('\x1e')
    .map((c) => c.replace(/^\n/, ''))
    .filter((c) => c.includes('\0'))
    .map((c) => ({ sha: c.slice(0, c.indexOf('\0')), message: c.slice(c.indexOf('\0') + 1) }));
}
