import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { afterAll, expect } from 'vitest';

/**
 * The repository stands alone: a test may read the repository and what it made itself (temp folders),
 * plus the system (tools, /proc), never a file beside the checkout (a workplace's shared data, another
 * project's files). This setup file (vitest `setupFiles`) wraps the fs read functions and fails the test
 * file that read elsewhere, naming the path; test/read-guard.test.ts proves the wrapper catches a read.
 */
export const REPOSITORY = resolve(join(import.meta.dirname, '../..'));

/** The repository's installed dependencies, wherever they really are (a worktree may link them). */
const installed = ['node_modules', '.venv'].flatMap((name) => {
  try {
    return [fs.realpathSync(join(REPOSITORY, name))];
  } catch {
    return [];
  }
});

const ALLOWED = [
  REPOSITORY,
  ...installed,
  resolve(tmpdir()),
  '/tmp',
  '/proc',
  '/dev',
  '/sys',
  '/etc',
  '/usr',
  '/lib',
  '/lib64',
  '/bin',
  '/sbin',
  dirname(dirname(process.execPath)),
];

export function isOutsideRepository(path: string, cwd = process.cwd()): boolean {
  const full = resolve(cwd, path);
  return !ALLOWED.some((root) => full === root || full.startsWith(root.endsWith(sep) ? root : root + sep));
}

/**
 * Where a run of files in one process (the unit tier: `isolate: false`) evaluates this setup file again
 * for each of them, the fs functions are wrapped once and every evaluation shares what they noted.
 */
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('ci-autofix.read-guard')] ??= {
  reads: [] as string[],
  depth: 0,
  wrapped: false,
}) as { reads: string[]; depth: number; wrapped: boolean };
const reads = shared.reads;

/** Paths read outside the repository since the last call (and forgets them). */
export function takeOutsideReads(): string[] {
  return reads.splice(0);
}

function note(path: unknown): void {
  if (typeof path === 'string' && (isAbsolute(path) || path.startsWith('.')) && isOutsideRepository(path))
    reads.push(resolve(path));
  else if (path instanceof URL && path.protocol === 'file:' && isOutsideRepository(path.pathname))
    reads.push(path.pathname);
}

type AnyFn = (...args: unknown[]) => unknown;
function wrap<T extends object>(target: T, names: string[]): void {
  for (const name of names) {
    const original = (target as Record<string, AnyFn>)[name];
    if (typeof original !== 'function') continue;
    (target as Record<string, AnyFn>)[name] = function (this: unknown, ...args: unknown[]) {
      // readFileSync opens through openSync: only the outermost call is noted.
      if (shared.depth === 0) note(args[0]);
      shared.depth++;
      try {
        return original.apply(this, args);
      } finally {
        shared.depth--;
      }
    };
  }
}

if (!shared.wrapped) {
  wrap(fs, ['readFileSync', 'readFile', 'createReadStream', 'readdirSync', 'readdir', 'openSync', 'open']);
  wrap(fs.promises, ['readFile', 'readdir', 'open']);
  syncBuiltinESMExports();
  shared.wrapped = true;
}

afterAll(() => {
  const outside = takeOutsideReads();
  expect(outside, 'tests must not read files outside the repository (copy a fixture in instead)').toEqual([]);
});
