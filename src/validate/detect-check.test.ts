import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCheck } from './detect-check.js';

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-detect-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('detectCheck: --check, the configuration, a justfile, stopping early', () => {
  it('--check wins, then the configuration', async () => {
    const dir = repo({ justfile: 'check:\n    ruff check .\n' });
    expect(await detectCheck(dir, { flag: 'make ci', config: 'just lint' })).toMatchObject({
      commands: [['sh', '-c', 'make ci']],
      source: 'flag',
    });
    expect(await detectCheck(dir, { config: 'just lint' })).toMatchObject({
      commands: [['sh', '-c', 'just lint']],
      source: 'config',
    });
  });

  it('a justfile `check` recipe (not a `check :=` variable) → just check', async () => {
    expect(
      await detectCheck(
        repo({ justfile: 'set shell := ["bash", "-c"]\n\ncheck: lint test\n\nlint:\n    ruff check .\n' }),
      ),
    ).toEqual({
      commands: [['just', 'check']],
      source: 'justfile',
      reason: 'justfile has a `check` recipe',
      // Two dependencies: just stops at the first that fails.
      stopsEarly: expect.stringContaining('stops at its first failing command or dependency'),
    });
    expect(await detectCheck(repo({ justfile: 'check := "yes"\n' }))).toBeUndefined();
  });

  it('says when the check stops at its first failure (later tools hidden), and when it runs them all', async () => {
    const stops = async (files: Record<string, string>, given = {}) =>
      (await detectCheck(repo(files), given))?.stopsEarly !== undefined;
    expect(await stops({}, { flag: 'ruff check . && mypy .' })).toBe(true);
    expect(await stops({}, { flag: 'ruff check .; mypy .' })).toBe(false);
    expect(await stops({ justfile: 'check:\n    ruff check .\n    mypy .\n' })).toBe(true);
    expect(await stops({ justfile: 'check:\n    -ruff check .\n    mypy .\n' })).toBe(false);
    expect(await stops({ justfile: 'check:\n    ruff check .\n' })).toBe(false);
    // A script recipe that collects every status (the examples' style) runs them all; `set -e` does not.
    expect(
      await stops({ justfile: 'check:\n    #!/usr/bin/env bash\n    ruff check . || s=1\n    exit $s\n' }),
    ).toBe(false);
    expect(
      await stops({
        justfile: 'check:\n    #!/usr/bin/env bash\n    set -euo pipefail\n    ruff check .\n    mypy .\n',
      }),
    ).toBe(true);
    expect(await stops({ Makefile: 'lint:\n\tblack --check .\n\tflake8\n' })).toBe(true);
    expect(await stops({ 'package.json': '{"scripts":{"check":"tsc && eslint ."}}' })).toBe(true);
    // Composed by ci-autofix from the configuration: each tool is its own command.
    expect(await stops({ 'pyproject.toml': '[tool.ruff]\n[tool.mypy]\n' })).toBe(false);
  });
});

describe('detectCheck: Makefile, package.json, Python tool configuration', () => {
  it('Makefile check, else lint', async () => {
    expect((await detectCheck(repo({ Makefile: 'lint:\n\tflake8\n' })))?.commands).toEqual([
      ['make', 'lint'],
    ]);
    expect((await detectCheck(repo({ Makefile: 'lint:\n\tflake8\ncheck: lint\n' })))?.commands).toEqual([
      ['make', 'check'],
    ]);
  });

  it('package.json scripts, with the repository package manager', async () => {
    const scripts = (s: Record<string, string>) => JSON.stringify({ name: 'x', scripts: s });
    expect(
      await detectCheck(
        repo({ 'package.json': scripts({ lint: 'eslint .', test: 'vitest run', build: 'tsc' }) }),
      ),
    ).toEqual({
      commands: [
        ['npm', 'run', '--silent', 'lint'],
        ['npm', 'run', '--silent', 'test'],
      ],
      source: 'package.json',
      reason: 'package.json has `lint`, `test` script(s)',
    });
    expect(
      (await detectCheck(repo({ 'package.json': scripts({ check: 'x' }), 'pnpm-lock.yaml': '' })))?.commands,
    ).toEqual([['pnpm', 'run', 'check']]);
  });

  it('Python tool configuration → the tools in check mode; pre-commit last', async () => {
    const plan = await detectCheck(
      repo({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n\n[tool.mypy]\nstrict = true\n' }),
    );
    expect(plan).toEqual({
      commands: [
        ['ruff', 'check', '.'],
        ['ruff', 'format', '--check', '.'],
        ['mypy', '.'],
      ],
      source: 'tool-config',
      reason: 'the repository configures ruff, mypy',
    });
    expect((await detectCheck(repo({ '.pre-commit-config.yaml': 'repos: []\n' })))?.source).toBe(
      'pre-commit',
    );
    expect(await detectCheck(repo({ 'README.md': '# nothing to run\n' }))).toBeUndefined();
  });
});

describe('detectCheck: pre-commit', () => {
  it('a pre-commit configuration runs its known hooks offline, each on the files it selects', async () => {
    const config = [
      'exclude: ^vendor/',
      'repos:',
      '  - repo: https://github.com/psf/black',
      '    rev: 22.12.0',
      '    hooks:',
      '      - id: black',
      '        args: [--line-length=100]',
      '  - repo: https://github.com/astral-sh/ruff-pre-commit',
      '    rev: v0.4.4',
      '    hooks:',
      '      - id: ruff',
      '        args: [--fix, --exit-non-zero-on-fix]',
      '        exclude: ^docs/',
      '  - repo: https://github.com/pre-commit/mirrors-prettier',
      '    rev: v3.1.0',
      '    hooks:',
      '      - id: prettier',
      '  - repo: https://github.com/pre-commit/pre-commit-hooks',
      '    rev: v4.5.0',
      '    hooks:',
      '      - id: trailing-whitespace',
    ].join('\n');
    const tracked = ['pkg/a.py', 'docs/conf.py', 'vendor/x.py', 'web/app.ts', 'README.md', 'data.bin'];
    const plan = await detectCheck(repo({ '.pre-commit-config.yaml': config }), {}, tracked);
    expect(plan).toEqual({
      commands: [
        ['black', '--check', '--line-length=100', 'docs/conf.py', 'pkg/a.py'],
        ['ruff', 'check', '--no-fix', 'pkg/a.py'],
        ['prettier', '--check', 'README.md', 'web/app.ts'],
      ],
      source: 'pre-commit',
      reason: expect.stringContaining('runs black, ruff, prettier (each run here as its own command'),
    });
    expect(plan?.reason).toContain('not run: trailing-whitespace');
    expect(plan?.stopsEarly).toBeUndefined();
  });
});
