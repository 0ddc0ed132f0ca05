import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: 'pipe',
  });

/** A change to an example: `base` alters its good state (the base branch has it), `edit` makes the PR's commit. */
export interface ExampleChange {
  base(dir: string): void;
  edit(dir: string): void;
}

/**
 * A throwaway git repository holding an example project: its good state committed, then its failing
 * state (the committed `failing.patch`, or `edit`) committed on top, as a PR branch would be.
 */
export function exampleRepo(name: string, edit?: ((dir: string) => void) | ExampleChange): string {
  const dir = mkdtempSync(join(tmpdir(), `ci-autofix-${name}-`));
  cpSync(join(repoRoot, 'examples', name), dir, { recursive: true });
  rmSync(join(dir, 'failing.patch'));
  // A Node example uses this checkout's node_modules, as an installed project uses its own (ignored by git).
  if (existsSync(join(dir, 'package.json')))
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  if (edit && typeof edit !== 'function') edit.base(dir);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', `${name}: initial`);
  if (typeof edit === 'function') edit(dir);
  else if (edit) edit.edit(dir);
  else git(dir, 'apply', join(repoRoot, 'examples', name, 'failing.patch'));
  git(dir, 'commit', '--quiet', '-am', 'change that breaks CI');
  return dir;
}

/** PATH with the project's Python tools first, as .ci/run installs them. */
export const toolsPath = `${join(repoRoot, '.venv/bin')}:${process.env.PATH}`;

/** toolsPath plus the checkout's Node tools (tsc, eslint, prettier, vitest). */
export const allToolsPath = `${join(repoRoot, 'node_modules/.bin')}:${toolsPath}`;

/**
 * The example with a `.ci-autofix.yml` and its committed failing change, as a PR would have them;
 * `extra` adds more files first (they are committed too).
 */
export function exampleRepoWithConfig(name: string, config: string, extra?: (dir: string) => void): string {
  return exampleRepo(name, (d) => {
    writeFileSync(join(d, '.ci-autofix.yml'), config);
    extra?.(d);
    git(d, 'add', '--all');
    git(d, 'apply', join(repoRoot, 'examples', name, 'failing.patch'));
  });
}
