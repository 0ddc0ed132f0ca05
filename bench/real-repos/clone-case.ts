import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execCommand } from './exec-command.js';
import type { RealCase } from './real-case.js';

/** The tag of the tree a strategy starts from (the case's commit, less the blobs the mirror lacks). */
export const START = 'bench-start';

/** A missing mirror skips the case with this message, instead of failing the run. */
export class MirrorMissing extends Error {}

/** The git directory of a repository's mirror: `owner+name/repo` (as fetched), `owner+name.git` or `owner+name`. */
export function mirrorOf(mirrors: string, repo: string): string | undefined {
  const base = join(mirrors, repo.replace('/', '+'));
  return [join(base, 'repo'), `${base}.git`, base].find(
    (d) => existsSync(join(d, 'HEAD')) || existsSync(join(d, '.git')),
  );
}

const git = (cwd: string, ...args: string[]) => {
  const r = execCommand(['git', '-c', 'advice.detachedHead=false', ...args], { cwd, timeoutSeconds: 600 });
  if (r.code !== 0)
    throw new Error(`git ${args.join(' ')}: ${r.output.trim().split('\n').slice(-3).join(' ')}`);
  return r.output;
};

/**
 * A fresh clone of the mirror sharing its objects, with the failing commit checked out on branch `bench`,
 * and ignores for what the runner adds (a node_modules link is a file, which a `node_modules/` pattern
 * does not match, and ci-autofix refuses a dirty tree).
 */
export function cloneCase(mirrors: string, c: RealCase, commit = c.failing_commit): string {
  const mirror = mirrorOf(mirrors, c.repo);
  if (!mirror)
    throw new MirrorMissing(
      `no mirror of ${c.repo} under ${mirrors} (expected ${c.repo.replace('/', '+')}/repo): fetch it first`,
    );
  const dir = mkdtempSync(join(tmpdir(), `real-repos-${c.id}-`));
  git(tmpdir(), 'clone', '--quiet', '--shared', '--no-checkout', mirror, dir);
  git(dir, 'checkout', '--quiet', '-b', 'bench', commit);
  git(dir, 'config', 'user.name', 'bench');
  git(dir, 'config', 'user.email', 'bench@example.invalid');
  appendFileSync(join(dir, '.git/info/exclude'), '\n/node_modules\n');
  // A fetched mirror may lack its largest blobs (a bundled dist/index.js, a gif): the checkout leaves them
  // out, and ci-autofix, which checks HEAD out again in a worktree, cannot read them. None is a file a
  // case's check reads, so they are removed in a commit of the runner's own; scores compare with START.
  const absent = git(dir, 'ls-files', '--deleted', '-z').split('\0').filter(Boolean);
  if (absent.length) {
    git(dir, 'rm', '--cached', '--quiet', '--', ...absent);
    git(
      dir,
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      `bench: leave out ${absent.length} file(s) the mirror lacks`,
    );
  }
  git(dir, 'tag', START);
  return dir;
}

/** Files that differ from `base` in the working tree, committed or not, plus new untracked ones. */
export function changedFiles(dir: string, base: string): string[] {
  const tracked = git(dir, 'diff', '--name-only', base).split('\n');
  const untracked = git(dir, 'ls-files', '--others', '--exclude-standard').split('\n');
  return [...new Set([...tracked, ...untracked].filter(Boolean))].sort();
}
