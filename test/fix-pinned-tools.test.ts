import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers/cli.js';
import { git, toolsPath } from './helpers/example-repo.js';

/**
 * A project that pins its formatter must be fixed with that version: black 26 would also rewrite a file
 * the change never touched (it wants a blank line after a module docstring; black 22 does not). The
 * pinned black is installed from a local wheel index (`PIP_LOCAL_INDEX`, or the machine's
 * /opt/pypi/simple that .ci/run uses): where none is present, the test cannot run here.
 */
const index = [process.env.PIP_LOCAL_INDEX, '/opt/pypi/simple'].find(
  (d) => d && existsSync(join(d, 'black')),
);

function project(rev: string, moreHooks: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-pins-'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  writeFileSync(
    join(dir, '.pre-commit-config.yaml'),
    [
      'repos:',
      '  - repo: https://github.com/psf/black',
      `    rev: ${rev}`,
      '    hooks:',
      '      - id: black',
      ...moreHooks,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'untouched.py'), '"""A module nobody changed."""\nimport os\n\nprint(os.sep)\n');
  writeFileSync(join(dir, 'changed.py'), 'x = {  "a":1 }\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'a change that breaks black');
  return dir;
}

function fix(dir: string, cache: string) {
  const r = cli(['fix', '--cwd', dir, '--check', 'black --check .', '--format', 'json'], {
    env: { PATH: toolsPath, CI_AUTOFIX_TOOL_CACHE: cache, PIP_INDEX_URL: `file://${index}` },
  });
  return JSON.parse(r.stdout) as {
    outcome: string;
    fixes: Array<{ files: string[] }>;
    pins?: Array<{ tool: string; version: string; installed?: string; provisioned: boolean }>;
    notes: string[];
  };
}

describe.skipIf(!index)('fix with the tool versions the repository pins', () => {
  const cache = mkdtempSync(join(tmpdir(), 'ci-autofix-tool-cache-'));

  it('installs the pinned black and fixes only the file the change broke', () => {
    const dir = project('22.12.0');
    const o = fix(dir, cache);
    expect(o.pins).toEqual([
      expect.objectContaining({ tool: 'black', version: '22.12.0', installed: '26.5.1', provisioned: true }),
    ]);
    expect(o.outcome).toBe('fixed');
    expect(o.fixes.map((f) => f.files)).toEqual([['changed.py']]);
    expect(readFileSync(join(dir, 'untouched.py'), 'utf8')).toBe(
      '"""A module nobody changed."""\nimport os\n\nprint(os.sep)\n',
    );
    expect(existsSync(join(cache, 'python/black-22.12.0/bin/black'))).toBe(true);
  }, 300_000);

  it('says which version ran when the pinned one cannot be installed', () => {
    const o = fix(project('19.3b0'), cache);
    expect(o.pins?.[0]).toMatchObject({ tool: 'black', version: '19.3b0', provisioned: false });
    expect(o.notes.join('\n')).toMatch(
      /black 19\.3b0 is pinned in \.pre-commit-config\.yaml \(psf\/black\) but could not be installed .*black 26\.5\.1 ran instead/,
    );
  }, 300_000);

  it('a pre-commit project with no --check: its hooks run offline with the pinned black, and the fix goes through', () => {
    const dir = project('22.12.0', [
      '  - repo: https://github.com/pycqa/isort',
      '    rev: 5.0.0',
      '    hooks:',
      '      - id: isort',
      '        args: [--profile, black]',
    ]);
    writeFileSync(join(dir, 'changed.py'), 'import sys\nimport os\nx = {  "a":1 }\nprint(os, sys)\n');
    git(dir, 'commit', '--quiet', '-am', 'unsorted too');
    const r = cli(['fix', '--cwd', dir, '--format', 'json'], {
      env: { PATH: toolsPath, CI_AUTOFIX_TOOL_CACHE: cache, PIP_INDEX_URL: `file://${index}` },
    });
    const o = JSON.parse(r.stdout) as {
      outcome: string;
      validation: { check: { source: string; commands: string[] } };
      fixes: Array<{ fixer: string; files: string[] }>;
      notes: string[];
    };
    expect(o.validation.check.source).toBe('pre-commit');
    expect(o.validation.check.commands).toEqual([
      'black --check changed.py untouched.py',
      'isort --check-only --profile black changed.py untouched.py',
    ]);
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
      ['isort', ['changed.py']],
      ['black', ['changed.py']],
    ]);
    expect(o.outcome).toBe('fixed');
    expect(o.notes.join('\n')).toMatch(/isort 5\.0\.0 is pinned .* could not be installed/);
  }, 300_000);

  it('a flake8-only project without ruff: ci-autofix installs its own ruff to fix flake8 findings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-flake8-only-'));
    git(dir, 'init', '--quiet', '--initial-branch=main');
    writeFileSync(join(dir, 'setup.cfg'), '[flake8]\nmax-line-length = 100\n');
    writeFileSync(
      join(dir, 'mod.py'),
      'import os\n\n\ndef f():\n    """Doc.\n    \n    More."""\n    return 1\n\n',
    );
    git(dir, 'add', '.');
    git(dir, 'commit', '--quiet', '-m', 'lint errors');
    // flake8 on PATH, ruff nowhere: a project that never heard of ruff.
    const bin = mkdtempSync(join(tmpdir(), 'ci-autofix-only-flake8-bin-'));
    symlinkSync(join(repoRoot, '.venv/bin/flake8'), join(bin, 'flake8'));
    const r = cli(['fix', '--cwd', dir, '--check', 'flake8', '--format', 'json'], {
      env: {
        PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
        CI_AUTOFIX_TOOL_CACHE: cache,
        PIP_INDEX_URL: `file://${index}`,
      },
    });
    const o = JSON.parse(r.stdout) as { outcome: string; fixes: Array<{ fixer: string }>; notes: string[] };
    expect(o.notes.join('\n')).toContain("ruff 0.16.9 was installed for ci-autofix's own use");
    expect(o.fixes.map((f) => f.fixer)).toEqual(['ruff-check']);
    expect(o.outcome).toBe('fixed');
  }, 300_000);
});
