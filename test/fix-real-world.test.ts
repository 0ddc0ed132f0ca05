import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { exampleRepo, git, toolsPath } from './helpers/example-repo.js';

/**
 * What real projects do to a fixer (seen on public repositories): absolute paths in logs, protected files
 * in a formatter's way, rules the tool can or cannot fix in this place, flake8 findings, checks that stop
 * at their first failure, a red check nobody recognises, a pull request's own files. Each case is a small
 * repository of our own with the real tools (ruff, isort, flake8, eslint) and real git.
 */
interface Diag {
  source: { name: string };
  code?: { value: string };
  location?: { path: string; original_path?: string };
  fixability: string;
  reason?: string;
}
interface Outcome {
  outcome: string;
  fixes: Array<{ fixer: string; files: string[]; fixed: Diag[] }>;
  dropped: Array<{ fixer: string; reason: string }>;
  commits: string[];
  validation: { check: { stops_early?: string }; after: { passed: boolean } };
  remaining: Diag[];
  scope?: { base: string; files: number; out_of_scope: number };
  excerpts?: Array<{ reason: string; text: string[] }>;
  notes: string[];
}

/** A git repository with `files` committed on main; `more` are committed on top, as a pull request's change. */
function repo(files: Record<string, string>, more?: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-real-'));
  const write = (fs: Record<string, string>) => {
    for (const [name, text] of Object.entries(fs)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    git(dir, 'add', '--all');
  };
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write(files);
  git(dir, 'commit', '--quiet', '-m', 'base');
  if (more) {
    write(more);
    git(dir, 'commit', '--quiet', '-m', 'change');
  }
  return dir;
}

function fix(dir: string, ...args: string[]): Outcome {
  const r = cli(['fix', '--cwd', dir, '--format', 'json', ...args], { env: { PATH: toolsPath } });
  if (!r.stdout) throw new Error(`fix printed nothing (exit ${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Outcome;
}

const code = (d: Diag) => `${d.location?.path ?? '-'} ${d.source.name} ${d.code?.value ?? ''}`.trim();

describe('fix on what real projects look like', () => {
  it('absolute paths from another machine map to the repository, and the fix goes through', () => {
    const dir = exampleRepo('python-service');
    const log = join(dir, '..', `${dir.split('/').pop()}-gitlab.log`);
    writeFileSync(
      log,
      [
        '$ ruff check src',
        '/builds/team/inventory/src/inventory/service.py:1:1: I001 [*] Import block is un-sorted or un-formatted',
        '/home/dev/checkouts/inventory/src/inventory/service.py:2:8: F401 [*] `os` imported but unused',
        '/elsewhere/not/ours.py:3:1: F401 [*] `sys` imported but unused',
        'Found 3 errors.',
      ].join('\n'),
    );
    const o = fix(dir, '--log', log);
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([['ruff-check', ['src/inventory/service.py']]]);
    expect(o.fixes[0]!.fixed.map((d) => d.location?.original_path).sort()).toEqual([
      '/builds/team/inventory/src/inventory/service.py',
      '/home/dev/checkouts/inventory/src/inventory/service.py',
    ]);
  });

  it('flake8 findings are fixed by the same rule of ruff; a protected setup.py is put back, not the whole step', () => {
    const long = `LONG = "${'x'.repeat(120)}"\n`;
    const dir = repo({
      'setup.cfg': '[flake8]\nmax-line-length = 100\n',
      'setup.py': 'import sys\nimport os\nfrom setuptools import setup\nsetup(name="demo")\n',
      'pkg/__init__.py': '',
      // W293 inside a docstring: ruff calls removing it unsafe (a string changes), flake8 asks for exactly that.
      'pkg/mod.py': `import os\ndef f(x):\n    """Doc.\n    \n    More."""\n    if x == None:  \n        return 1\n    return x\n${long}`,
    });
    const o = fix(dir, '--check', 'flake8 pkg setup.py');
    expect(o.outcome).toBe('partial');
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([['ruff-check', ['pkg/mod.py']]]);
    expect(o.fixes[0]!.fixed.map((d) => d.code?.value).sort()).toEqual([
      'E302',
      'E305',
      'E711',
      'F401',
      'W291',
      'W293',
    ]);
    // setup.py's unused imports: removing them changes more than layout, so they are left, with the reason.
    const setup = o.remaining.filter((d) => d.location?.path === 'setup.py');
    expect(setup.map((d) => d.fixability)).toEqual(['none', 'none']);
    expect(setup[0]!.reason).toMatch(/setup\.py is protected/);
    expect(o.remaining.filter((d) => d.fixability === 'llm').map(code)).toEqual(['pkg/mod.py flake8 E501']);
    expect(git(dir, 'show', '--stat', '--format=', 'HEAD')).not.toContain('setup.py');
    expect(readFileSync(join(dir, 'pkg/mod.py'), 'utf8')).toContain('if x is None:');
  });

  it('an import sorter may sort a protected setup.py: the syntax tree proves it is layout only', () => {
    const dir = repo({
      '.isort.cfg': '[settings]\nprofile = black\n',
      'setup.py':
        'import sys\nimport os\nfrom setuptools import setup\n\nsetup(name="demo", version=os.environ.get("V", sys.version))\n',
      'pkg/a.py': 'import sys\nimport os\n\nprint(os, sys)\n',
    });
    const o = fix(dir, '--check', 'isort --check-only .');
    expect(o.outcome).toBe('fixed');
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([['isort', ['pkg/a.py', 'setup.py']]]);
  });

  it('asks ruff: an unused import in __init__.py, which ruff will not fix there, goes to a model instead of sinking the step', () => {
    const dir = repo({
      'pyproject.toml': '[tool.ruff]\n',
      'pkg/__init__.py': 'from os import path\n',
      'pkg/b.py': 'import json\n\nX = 1\n',
      'pkg/c.py': 'def f():\n    unused = 1\n',
    });
    const o = fix(dir, '--check', 'ruff check .');
    expect(o.outcome).toBe('partial');
    expect(o.dropped).toEqual([]);
    // F841's fix removes an assignment: ruff calls it unsafe, so it is a candidate the check had to prove.
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
      ['ruff-check', ['pkg/b.py']],
      ['ruff-check-unsafe', ['pkg/c.py']],
    ]);
    const left = o.remaining.find((d) => d.location?.path === 'pkg/__init__.py')!;
    expect(left.fixability).toBe('llm');
    expect(left.reason).toBe('ruff has no automatic fix for this finding');
    expect(o.remaining.find((d) => d.location?.path === 'pkg/c.py')).toBeUndefined();
  });

  it('asks eslint: an unused disable directive is fixed by eslint --fix; prefer-const on a destructuring it cannot fix goes to a model', () => {
    const dir = exampleRepo('typescript-package', (d) => {
      writeFileSync(
        join(d, 'src/extra.ts'),
        [
          '// eslint-disable-next-line no-console',
          'export const unused = 1;',
          'export function pick(o: { a: number; b: number }): number {',
          '  let { a, b } = o;',
          '  a += 1;',
          '  return a + b;',
          '}',
          '',
        ].join('\n'),
      );
      git(d, 'add', 'src/extra.ts');
    });
    const o = fix(dir, '--check', 'eslint --max-warnings 0 src');
    expect(o.dropped).toEqual([]);
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([['eslint', ['src/extra.ts']]]);
    expect(o.fixes[0]!.fixed.map((d) => d.code?.value ?? '(directive)')).toEqual(['(directive)']);
    const left = o.remaining.filter((d) => d.location?.path === 'src/extra.ts');
    expect(left.map((d) => [d.code?.value, d.fixability, d.reason])).toEqual([
      ['prefer-const', 'llm', 'eslint has no automatic fix for this finding'],
    ]);
    expect(readFileSync(join(dir, 'src/extra.ts'), 'utf8')).not.toContain('eslint-disable');
  });

  it("an unused disable directive that only the check's own flag reports is removed too", () => {
    const dir = exampleRepo('typescript-package', (d) => {
      const config = readFileSync(join(d, 'eslint.config.js'), 'utf8').replace(
        /\n\);\n$/,
        "\n  { linterOptions: { reportUnusedDisableDirectives: 'off' } },\n);\n",
      );
      writeFileSync(join(d, 'eslint.config.js'), config);
      writeFileSync(
        join(d, 'src/extra.ts'),
        '// eslint-disable-next-line no-console\nexport const unused = 1;\n',
      );
      git(d, 'add', '--all');
    });
    const o = fix(dir, '--check', 'eslint --report-unused-disable-directives --max-warnings 0 src');
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([['eslint', ['src/extra.ts']]]);
    expect(o.validation.after.passed).toBe(true);
    expect(readFileSync(join(dir, 'src/extra.ts'), 'utf8')).not.toContain('eslint-disable');
  });

  it('a check that stops at its first failure: the fix reveals the next tool, which is fixed in turn', () => {
    const dir = repo({ 'pyproject.toml': '[tool.ruff]\n', 'm.py': 'import os\nx = {  "a":1}\n' });
    const o = fix(dir, '--check', 'ruff format --check . && ruff check .');
    expect(o.validation.check.stops_early).toMatch(/stops at its first failing command/);
    expect(o.outcome).toBe('fixed');
    expect(o.fixes.map((f) => f.fixer)).toEqual(['ruff-format', 'ruff-check']);
    // Removing the import left a blank line at the top: ruff format settled it within the same fix.
    expect(git(dir, 'log', '-1', '--format=%b')).toContain('then ruff-format');
    expect(readFileSync(join(dir, 'm.py'), 'utf8')).toBe('x = {"a": 1}\n');
  });

  it('a red check with no recognised finding shows the lines that explain it; an empty --check is a usage error', () => {
    const dir = repo({
      'run.py':
        'print("loading plugins")\nprint("Fatal Python error: Segmentation fault")\nraise SystemExit(139)\n',
    });
    const o = fix(dir, '--check', 'python3 run.py');
    expect(o.outcome).toBe('not-fixable');
    expect(o.notes.join('\n')).toMatch(/no finding that ci-autofix recognises/);
    expect(o.excerpts?.flatMap((e) => e.text).join('\n')).toContain('Fatal Python error: Segmentation fault');
    const empty = cli(['fix', '--cwd', dir, '--check', ''], { env: { PATH: toolsPath } });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--check is empty/);
  });

  it('--base: only the files the change touched are fixed; older findings are listed', () => {
    const dir = repo(
      { 'pyproject.toml': '[tool.ruff]\n', 'old.py': 'import os\n\nX = 1\n' },
      { 'new.py': 'import sys\n\nY = 2\n' },
    );
    const o = fix(dir, '--check', 'ruff check .', '--base', 'HEAD~1');
    expect(o.scope).toEqual({ base: 'HEAD~1', files: 1, out_of_scope: 1 });
    expect(o.fixes.map((f) => f.files)).toEqual([['new.py']]);
    const old = o.remaining.find((d) => d.location?.path === 'old.py')!;
    expect(old.fixability).toBe('none');
    expect(old.reason).toMatch(/not changed since HEAD~1/);
    expect(readFileSync(join(dir, 'old.py'), 'utf8')).toContain('import os');
    const bad = cli(['fix', '--cwd', dir, '--check', 'ruff check .', '--base', 'no-such-branch'], {
      env: { PATH: toolsPath },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--base no-such-branch/);
  });
});
