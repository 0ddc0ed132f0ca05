import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AutofixError } from '../domain/index.js';
import { git } from './git.js';

/**
 * Installed dependencies a worktree borrows from the checkout (git does not check them out): linked, not
 * copied, and never part of a diff or a commit.
 */
export const LINKED = ['node_modules', '.venv', 'venv'] as const;

/**
 * Pathspecs for "everything but the linked dependencies". A link git already ignores needs no exclude
 * (and naming an ignored path makes `git add` fail); one it does not ignore (a symlink does not match a
 * `node_modules/` pattern) is excluded.
 */
async function notLinked(dir: string): Promise<string[]> {
  const specs = ['.'];
  for (const name of LINKED) {
    if (!existsSync(join(dir, name))) continue;
    const ignored = await git(dir, ['check-ignore', '--quiet', '--', name], { allowFail: true });
    if (ignored.code !== 0) specs.push(`:(exclude)${name}`);
  }
  return specs;
}

/** Links the checkout's installed dependencies into the worktree; returns their real locations. */
export async function linkDependencies(root: string, dir: string): Promise<string[]> {
  const linked: string[] = [];
  for (const name of LINKED) {
    const source = join(root, name);
    if (!existsSync(source) || existsSync(join(dir, name))) continue;
    // To the real location: the sandbox sees neither the checkout nor the links that lead out of it.
    const real = await realpath(source);
    await symlink(real, join(dir, name));
    linked.push(real);
  }
  return linked;
}

/**
 * Makes git ignore these folders of a worktree (ci-autofix's own, never the user's checkout) whatever
 * the repository's .gitignore says: a `.gitignore` of `*` in each, which ignores itself too, as tools do
 * in their caches. A worktree has no exclude file of its own (`info/exclude` is the repository's, shared
 * by its worktrees), and `git clean` without `-x` keeps ignored files: the output stays between the
 * job's commands. A folder reached through a link out of the worktree is left alone.
 */
export async function ignoreInWorktree(dir: string, folders: readonly string[]): Promise<void> {
  const root = await realpath(dir);
  for (const folder of folders) {
    const path = join(root, folder);
    let existing = path;
    while (!existsSync(existing)) existing = dirname(existing);
    const real = await realpath(existing);
    if (real !== root && !real.startsWith(`${root}/`)) continue;
    await mkdir(path, { recursive: true });
    await writeFile(join(path, '.gitignore'), '*\n');
  }
}

export interface RepoState {
  root: string;
  head: string;
  /** Undefined on a detached HEAD. */
  branch?: string;
  dirty: boolean;
}

export async function repoState(cwd: string): Promise<RepoState> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel'], { allowFail: true });
  if (top.code !== 0)
    throw new AutofixError(
      'not-a-repo',
      `${cwd} is not inside a git repository; run ci-autofix in a checkout or pass --cwd DIR`,
    );
  const root = top.stdout.trim();
  const head = (await git(root, ['rev-parse', 'HEAD'])).stdout.trim();
  const ref = await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFail: true });
  const status = await git(root, ['status', '--porcelain', '--untracked-files=normal']);
  return {
    root,
    head,
    branch: ref.code === 0 ? ref.stdout.trim() : undefined,
    dirty: status.stdout.trim() !== '',
  };
}

/** A separate worktree at `commit`, detached, in a temp folder: fixes never touch the user's working tree. */
export interface Worktree {
  dir: string;
  base: string;
  remove(): Promise<void>;
}

export async function createWorktree(root: string, commit: string): Promise<Worktree> {
  const dir = await mkdtemp(join(tmpdir(), 'ci-autofix-wt-'));
  await git(root, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
  return {
    dir,
    base: commit,
    async remove() {
      await git(root, ['worktree', 'remove', '--force', dir], { allowFail: true });
      await rm(dir, { recursive: true, force: true });
      await git(root, ['worktree', 'prune'], { allowFail: true });
    },
  };
}

export interface FileChange {
  path: string;
  added: number;
  removed: number;
  /** Deleted, added or modified; binary files count 0 lines. */
  status: 'added' | 'deleted' | 'modified';
}

/** What the worktree changed against its base, including new files. */
export async function worktreeChanges(dir: string): Promise<{ files: FileChange[]; patch: string }> {
  const NOT_LINKED = await notLinked(dir);
  await git(dir, ['add', '--all', '--intent-to-add', '--', ...NOT_LINKED]);
  const numstat = await git(dir, ['diff', '--numstat', '--no-renames', 'HEAD', '--', ...NOT_LINKED]);
  const names = await git(dir, ['diff', '--name-status', '--no-renames', 'HEAD', '--', ...NOT_LINKED]);
  const status = new Map(
    names.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [s, ...p] = l.split('\t');
        return [p.join('\t'), s === 'A' ? 'added' : s === 'D' ? 'deleted' : 'modified'] as const;
      }),
  );
  const files = numstat.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [a, r, ...p] = l.split('\t');
      const path = p.join('\t');
      return {
        path,
        added: a === '-' ? 0 : Number(a),
        removed: r === '-' ? 0 : Number(r),
        status: status.get(path) ?? 'modified',
      };
    });
  const patch = (await git(dir, ['diff', '--no-renames', '--binary', 'HEAD', '--', ...NOT_LINKED])).stdout;
  return { files, patch };
}

export interface CommitOptions {
  message: string;
  author: { name: string; email: string };
  /** Commit only these paths (what a fixer changed); anything else in the worktree is left out. */
  paths?: string[];
}

/** Commits everything in the worktree; returns the new commit. */
export async function commitAll(dir: string, options: CommitOptions): Promise<string> {
  if (options.paths) {
    // Only what the fixer changed: a check run may have left caches or reports behind.
    await git(dir, ['reset', '--quiet']);
    // --force: a tracked file inside a folder .gitignore names (cobra ignores `cobra/`, which holds
    // cobra/cmd/init.go) is refused without it; the paths are the fixer's changes, never ignored files.
    await git(dir, ['add', '--all', '--force', '--', ...options.paths]);
  } else await git(dir, ['add', '--all', '--', ...(await notLinked(dir))]);
  await git(
    dir,
    [
      '-c',
      `user.name=${options.author.name}`,
      '-c',
      `user.email=${options.author.email}`,
      'commit',
      '--quiet',
      '--no-verify',
      '--no-gpg-sign',
      '--file',
      '-',
    ],
    { input: options.message },
  );
  return (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
}

/**
 * Moves the user's branch to `commit` only if it still points at `expected` (a compare-and-swap on the
 * ref), and brings the checkout along when that branch is checked out in `root`. Refuses otherwise.
 */
export async function advanceBranch(
  root: string,
  branch: string,
  expected: string,
  commit: string,
): Promise<void> {
  const current = (await git(root, ['rev-parse', `refs/heads/${branch}`])).stdout.trim();
  if (current !== expected)
    throw new AutofixError(
      'branch-moved',
      `branch ${branch} moved from ${expected.slice(0, 12)} to ${current.slice(0, 12)} while fixing; nothing was changed. Run ci-autofix again on the new head.`,
    );
  const checkedOut =
    (await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFail: true })).stdout.trim() ===
    branch;
  if (checkedOut) {
    const ff = await git(root, ['merge', '--ff-only', '--quiet', commit], { allowFail: true });
    if (ff.code !== 0)
      throw new AutofixError('branch-moved', `could not fast-forward ${branch}: ${ff.stderr.trim()}`);
  } else {
    await git(root, ['update-ref', `refs/heads/${branch}`, commit, expected]);
  }
}

/** Drops every uncommitted change in a worktree (ignored files, such as tool caches, stay). */
export async function resetWorktree(dir: string): Promise<void> {
  await git(dir, ['reset', '--hard', '--quiet', 'HEAD']);
  await git(dir, ['clean', '-fdq', ...LINKED.flatMap((n) => ['-e', `/${n}`])]);
}

/** Turns the commits made since `base` back into uncommitted changes (for `--no-commit`). */
export async function uncommit(dir: string, base: string): Promise<void> {
  await git(dir, ['reset', '--quiet', base]);
}

/** Creates (or moves) `branch` at `commit`; the checkout is not touched. */
export async function createBranch(root: string, branch: string, commit: string): Promise<void> {
  await git(root, ['branch', '--force', '--', branch, commit]);
}

/** The commit a worktree is at. */
export async function headOf(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
}

/** Applies a patch made by `worktreeChanges` in another worktree of the same commit (a winning candidate). */
export async function applyPatch(dir: string, patch: string): Promise<void> {
  const r = await git(dir, ['apply', '--binary', '--whitespace=nowarn', '-'], {
    input: patch,
    allowFail: true,
  });
  if (r.code !== 0)
    throw new AutofixError('patch-failed', `could not apply a candidate's patch: ${r.stderr.trim()}`, 'bug');
}

/** The files git tracks at HEAD, repository-relative. */
export async function trackedFiles(root: string): Promise<string[]> {
  return (await git(root, ['ls-files', '-z', '--cached'])).stdout.split('\0').filter(Boolean);
}

/**
 * The files a branch changed since it left `base` (a ref or commit): the diff from their merge base to
 * `head`, as a pull request shows it. Deleted files are left out (nothing to fix there).
 */
export async function changedSince(root: string, base: string, head: string): Promise<string[]> {
  const mb = await git(root, ['merge-base', base, head], { allowFail: true });
  if (mb.code !== 0)
    throw new AutofixError(
      'bad-base',
      `--base ${base}: no common ancestor with ${head.slice(0, 12)} (${mb.stderr.trim() || 'unknown revision'}); pass a branch or commit this checkout has, e.g. origin/main (git fetch it first)`,
    );
  const out = await git(root, [
    'diff',
    '--name-only',
    '--no-renames',
    '--diff-filter=d',
    '-z',
    mb.stdout.trim(),
    head,
  ]);
  return out.stdout.split('\0').filter(Boolean);
}

/** A file's content at commit `rev`, or undefined when that commit does not have it. */
export async function fileAt(dir: string, rev: string, path: string): Promise<string | undefined> {
  const r = await git(dir, ['show', `${rev}:${path}`], { allowFail: true });
  return r.code === 0 ? r.stdout : undefined;
}

/** A file's content at HEAD of a worktree, or undefined when HEAD does not have it. */
export function fileAtHead(dir: string, path: string): Promise<string | undefined> {
  return fileAt(dir, 'HEAD', path);
}

/** Puts these files back as HEAD has them (a file HEAD lacks is removed): a fix is narrowed to the rest. */
export async function revertPaths(dir: string, paths: string[]): Promise<void> {
  if (!paths.length) return;
  await git(dir, ['reset', '--quiet', '--', ...paths], { allowFail: true });
  for (const p of paths) {
    const tracked = await git(dir, ['cat-file', '-e', `HEAD:${p}`], { allowFail: true });
    if (tracked.code === 0) await git(dir, ['checkout', '--quiet', 'HEAD', '--', p]);
    else await rm(join(dir, p), { force: true });
  }
}
