import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import type { Diagnostic } from '../src/domain/index.js';
import { planFixes, repositoryTools } from '../src/fixers/index.js';
import { builtinFixers } from '../src/tools/index.js';
import { LocalSandbox } from '../src/sandbox/index.js';
import { repoRoot } from './helpers/cli.js';
import { toolsPath } from './helpers/example-repo.js';

/**
 * Every built-in fixer, run for real on a small broken file: the plan picks it for its diagnostics, its
 * command (with the real tool) repairs the file. A fixer added to the registry without a case here fails
 * the meta-test.
 */
const diag = (source: string, code: string, path: string): Diagnostic => ({
  message: `${source} ${code}`,
  severity: 'error',
  source: { name: source },
  code: { value: code },
  location: { path },
  category: 'format',
  fixability: 'deterministic',
  log: { step: 'test', lines: [1, 1] },
});

interface Case {
  file: string;
  before: string;
  diagnostics: Diagnostic[];
  expect: (after: string, dir: string) => void;
}

const CASES: Record<keyof typeof builtinFixers, Case> = {
  isort: {
    file: 'a.py',
    before: 'import sys\nimport os\n',
    diagnostics: [diag('isort', 'isort', 'a.py')],
    expect: (a) => expect(a).toBe('import os\nimport sys\n'),
  },
  black: {
    file: 'a.py',
    before: 'x  =  {"a":1}\n',
    diagnostics: [diag('black', 'format', 'a.py')],
    expect: (a) => expect(a).toBe('x = {"a": 1}\n'),
  },
  'ruff-format': {
    file: 'a.py',
    before: 'def f( a ):\n  return a+1\n',
    diagnostics: [diag('ruff', 'format', 'a.py')],
    expect: (a) => expect(a).toBe('def f(a):\n    return a + 1\n'),
  },
  'ruff-check': {
    file: 'a.py',
    before: 'import os\nimport sys\n\nprint(sys.argv)\n',
    diagnostics: [diag('ruff', 'F401', 'a.py')],
    expect: (a) => expect(a).toBe('import sys\n\nprint(sys.argv)\n'),
  },
  'ruff-check-unsafe': {
    file: 'a.py',
    before: 'def f():\n    unused = 1\n    return 2\n',
    diagnostics: [{ ...diag('ruff', 'F841', 'a.py'), unsafe_fix: true }],
    expect: (a) => expect(a).toBe('def f():\n    return 2\n'),
  },
  prettier: {
    file: 'a.js',
    before: 'const  x = {a:1}\n',
    diagnostics: [diag('prettier', 'format', 'a.js')],
    expect: (a) => expect(a).toBe('const x = { a: 1 };\n'),
  },
  eslint: {
    file: 'a.js',
    before: 'let x = 1;\nexport default x;\n',
    diagnostics: [diag('eslint', 'prefer-const', 'a.js')],
    expect: (a) => expect(a).toBe('const x = 1;\nexport default x;\n'),
  },
  lockfile: {
    file: 'package.json',
    before: '{"name":"demo","version":"1.0.0"}\n',
    diagnostics: [{ ...diag('npm', 'lockfile-out-of-sync', 'package-lock.json'), category: 'dependency' }],
    expect: (_a, dir) =>
      expect(JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'))).toMatchObject({
        name: 'demo',
        lockfileVersion: 3,
      }),
  },
};

describe('built-in fixers, with the real tools', () => {
  it('every registered fixer has a case', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(builtinFixers).sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name} repairs what it is planned for`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `ci-autofix-fixer-${name}-`));
      writeFileSync(join(dir, c.file), c.before);
      if (name === 'eslint')
        writeFileSync(
          join(dir, 'eslint.config.js'),
          "export default [{ rules: { 'prefer-const': 'error' } }];\n",
        );
      const plan = planFixes(
        c.diagnostics,
        parseConfig('').fixers,
        repositoryTools(dir, `${join(repoRoot, 'node_modules/.bin')}:${toolsPath}`),
      );
      expect(plan.steps.map((s) => s.fixer)).toEqual([name]);
      const r = await new LocalSandbox({ PATH: `${join(repoRoot, 'node_modules/.bin')}:${toolsPath}` }).run({
        argv: plan.steps[0]!.argv,
        cwd: dir,
        writable: [dir],
        timeoutMs: 60_000,
      });
      expect(r.exitCode, r.output).toBe(0);
      c.expect(readFileSync(join(dir, c.file), 'utf8'), dir);
    });
  }

  it('tools come from the repository first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-own-'));
    execFileSync('mkdir', ['-p', join(dir, 'node_modules/.bin')]);
    writeFileSync(join(dir, 'node_modules/.bin/prettier'), '#!/bin/sh\n');
    execFileSync('chmod', ['+x', join(dir, 'node_modules/.bin/prettier')]);
    expect(repositoryTools(dir, toolsPath).resolve('prettier')).toEqual({
      path: join(dir, 'node_modules/.bin/prettier'),
      origin: 'repository',
    });
    expect(repositoryTools(dir, '/nonexistent').resolve('prettier')?.origin).toBe('repository');
    expect(repositoryTools(dir, '/nonexistent').resolve('ruff')).toBeUndefined();
  });
});
