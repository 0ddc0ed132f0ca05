import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOutsideRepository, REPOSITORY, takeOutsideReads } from './helpers/read-guard.js';

/** The meta-test for the read guard every test file runs under (vitest.config.ts `setupFiles`). */
// A checkout cloned straight into a temp folder (/tmp/clone) has temp folders beside it: there the guard
// cannot tell a file beside the checkout from a test's own temp files, and lets both through.
const besideIsTemp = !isOutsideRepository(join(REPOSITORY, '..', 'beside-the-checkout'));

describe('tests read nothing outside the repository', () => {
  it.skipIf(besideIsTemp)(
    'tells the repository, temp folders and the system from what lies beside the checkout',
    () => {
      expect(isOutsideRepository(join(REPOSITORY, 'test/fixtures/errorformat/black.in'))).toBe(false);
      expect(isOutsideRepository('/tmp/ci-autofix-wt-1/x.py')).toBe(false);
      expect(isOutsideRepository('/usr/bin/git')).toBe(false);
      expect(isOutsideRepository(join(REPOSITORY, '../shared/data/tool-outputs/errorformat/black.in'))).toBe(
        true,
      );
      expect(isOutsideRepository(join(REPOSITORY, '..', 'other-project', 'fixture.txt'))).toBe(true);
    },
  );

  it.skipIf(besideIsTemp)(
    'catches a read beside the checkout, sync or async, even when the file is missing',
    async () => {
      const beside = join(REPOSITORY, '../shared/data/README.md');
      expect(() => readFileSync(join(REPOSITORY, '../no-such-dir/x.txt'))).toThrow();
      await readFile(beside).catch(() => undefined);
      // Once per read, though readFileSync opens the file through the (also guarded) openSync.
      expect(takeOutsideReads()).toEqual([join(REPOSITORY, '../no-such-dir/x.txt'), beside]);
    },
  );

  it('no source, test, bench or document names a path beside the checkout', () => {
    const files = walk(REPOSITORY).filter((f) => /\.(ts|js|mjs|sh|md|json|ya?ml)$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    // A document's relative link, or a path joined to a source file's own folder, that climbs out.
    const climbing = (f: string) =>
      f.endsWith('.md')
        ? /(?<![\w./])((?:\.\.\/)+)[\w-]+/g
        : /(?:import\.meta\.dirname|__dirname),\s*'(\.\.\/[^']*)'/g;
    const naming = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(climbing(f))]
        .map((m) => (m[1]!.startsWith('..') && f.endsWith('.md') ? m[0] : m[1]!))
        .filter((p) => !`${resolve(dirname(f), p)}${sep}`.startsWith(REPOSITORY + sep))
        .map((p) => `${relative(REPOSITORY, f)}: ${p}`),
    );
    expect(naming).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'dist') return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}
