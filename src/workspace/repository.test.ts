import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advanceBranch, commitAll, createWorktree, repoState, worktreeChanges } from './repository.js';

const AUTHOR = { name: 'ci-autofix', email: 'ci-autofix@users.noreply.github.com' };

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-repo-'));
  const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  g('init', '--quiet', '--initial-branch=main');
  g('config', 'user.name', 'Dev');
  g('config', 'user.email', 'dev@example.com');
  writeFileSync(join(dir, 'app.py'), 'import os\nprint("hi")\n');
  mkdirSync(join(dir, 'tests'));
  writeFileSync(join(dir, 'tests/test_app.py'), 'def test_ok():\n    assert True\n');
  g('add', '.');
  g('commit', '--quiet', '-m', 'initial');
  return dir;
}

const head = (dir: string) =>
  execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();

describe('workspace (real git)', () => {
  it('reports the repository, its branch and whether the tree is dirty', async () => {
    const repo = makeRepo();
    expect(await repoState(repo)).toMatchObject({ root: repo, branch: 'main', dirty: false });
    writeFileSync(join(repo, 'app.py'), 'changed\n');
    expect((await repoState(repo)).dirty).toBe(true);
    await expect(repoState(tmpdir())).rejects.toThrow(/not inside a git repository/);
  });

  it('fixes in a separate worktree, diffs, commits, and fast-forwards the branch', async () => {
    const repo = makeRepo();
    const base = head(repo);
    const wt = await createWorktree(repo, base);
    writeFileSync(join(wt.dir, 'app.py'), 'print("hi")\n');
    writeFileSync(join(wt.dir, 'new.py'), 'x = 1\n');
    const { files, patch } = await worktreeChanges(wt.dir);
    expect(files).toEqual([
      { path: 'app.py', added: 0, removed: 1, status: 'modified' },
      { path: 'new.py', added: 1, removed: 0, status: 'added' },
    ]);
    expect(patch).toContain('-import os');
    // The user's tree is untouched until the branch is advanced.
    expect(readFileSync(join(repo, 'app.py'), 'utf8')).toBe('import os\nprint("hi")\n');
    const sha = await commitAll(wt.dir, {
      message: 'fix(lint): remove unused import\n\nCI-Autofix: yes\n',
      author: AUTHOR,
    });
    await advanceBranch(repo, 'main', base, sha);
    expect(head(repo)).toBe(sha);
    expect(readFileSync(join(repo, 'app.py'), 'utf8')).toBe('print("hi")\n');
    const log = execFileSync('git', ['log', '-1', '--format=%an%n%B'], { cwd: repo, encoding: 'utf8' });
    expect(log).toContain('ci-autofix\nfix(lint): remove unused import');
    expect(log).toContain('CI-Autofix: yes');
    await wt.remove();
    expect(existsSync(wt.dir)).toBe(false);
  });

  it('refuses to move a branch that moved meanwhile, changing nothing', async () => {
    const repo = makeRepo();
    const base = head(repo);
    const wt = await createWorktree(repo, base);
    writeFileSync(join(wt.dir, 'app.py'), 'print("fixed")\n');
    const sha = await commitAll(wt.dir, { message: 'fix', author: AUTHOR });
    writeFileSync(join(repo, 'other.txt'), 'someone else\n');
    execFileSync('git', ['add', '.'], { cwd: repo });
    execFileSync('git', ['commit', '--quiet', '-m', 'concurrent push'], { cwd: repo });
    const moved = head(repo);
    await expect(advanceBranch(repo, 'main', base, sha)).rejects.toThrow(
      /moved from .* while fixing; nothing was changed/,
    );
    expect(head(repo)).toBe(moved);
    await wt.remove();
  });

  it('never runs the repository hooks', async () => {
    const repo = makeRepo();
    const marker = join(repo, 'hook-ran');
    writeFileSync(join(repo, '.git/hooks/pre-commit'), `#!/bin/sh\ntouch ${marker}\n`);
    chmodSync(join(repo, '.git/hooks/pre-commit'), 0o755);
    const wt = await createWorktree(repo, head(repo));
    writeFileSync(join(wt.dir, 'app.py'), 'print("x")\n');
    await commitAll(wt.dir, { message: 'fix', author: AUTHOR });
    expect(existsSync(marker)).toBe(false);
    await wt.remove();
  });

  it('two worktrees of one repository do not see each other', async () => {
    const repo = makeRepo();
    const [a, b] = await Promise.all([createWorktree(repo, head(repo)), createWorktree(repo, head(repo))]);
    writeFileSync(join(a.dir, 'app.py'), 'a\n');
    writeFileSync(join(b.dir, 'tests/test_app.py'), 'b\n');
    const [ca, cb] = await Promise.all([worktreeChanges(a.dir), worktreeChanges(b.dir)]);
    expect(ca.files.map((f) => f.path)).toEqual(['app.py']);
    expect(cb.files.map((f) => f.path)).toEqual(['tests/test_app.py']);
    await Promise.all([a.remove(), b.remove()]);
  });
});
