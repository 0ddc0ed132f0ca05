import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { undone } from './history.js';

/** A branch as a person and ci-autofix leave it: a fix commit, then whatever `after` commits. */
function branchWithFix(after: (dir: string, g: (...a: string[]) => string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-history-'));
  const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  g('init', '--quiet', '--initial-branch=main');
  g('config', 'user.name', 'Dev');
  g('config', 'user.email', 'dev@example.com');
  writeFileSync(join(dir, 'app.py'), 'import os\nimport sys\n\nprint(sys.argv)\n');
  writeFileSync(join(dir, 'notes.md'), 'notes\n');
  g('add', '.');
  g('commit', '--quiet', '-m', 'feat: print the arguments');
  writeFileSync(join(dir, 'app.py'), 'import sys\n\nprint(sys.argv)\n');
  g(
    'commit',
    '--quiet',
    '-am',
    'fix(lint): drop os\n\nCI-Autofix: ruff-check\nCI-Autofix-Strategy: tool:ruff-check\nCI-Autofix-Finding: 0123456789abcdef k1',
  );
  const fix = g('rev-parse', 'HEAD');
  after(dir, g);
  return { dir, fix };
}

describe('fixes taken back by hand (real git)', () => {
  it("a person's commit that puts the removed lines back undoes the fix, without a git revert", async () => {
    const { dir, fix } = branchWithFix((d, g) => {
      writeFileSync(join(d, 'notes.md'), 'notes\nmore\n');
      writeFileSync(join(d, 'app.py'), 'import os\nimport sys\n\nprint(sys.argv)\n');
      g('commit', '--quiet', '-am', 'keep os: the plugin loader needs it');
    });
    expect(await undone(dir, fix)).toBe(true);
  });

  it('a fix still in place, or whose lines a person changed otherwise, is not undone', async () => {
    const kept = branchWithFix((d, g) => {
      writeFileSync(join(d, 'notes.md'), 'notes\nmore\n');
      g('commit', '--quiet', '-am', 'docs');
    });
    expect(await undone(kept.dir, kept.fix)).toBe(false);
    const rewritten = branchWithFix((d, g) => {
      writeFileSync(join(d, 'app.py'), 'import pathlib\nimport sys\n\nprint(sys.argv)\n');
      g('commit', '--quiet', '-am', 'use pathlib');
    });
    expect(await undone(rewritten.dir, rewritten.fix)).toBe(false);
  });
});
