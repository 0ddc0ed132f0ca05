import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import type { Diagnostic } from '../src/domain/index.js';
import { planFixes, repositoryTools } from '../src/fixers/index.js';
import { builtinFixers, toolEnv } from '../src/tools/index.js';
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
  /** Other files the tool needs (a go.mod, a Cargo.toml). */
  extra?: Record<string, string>;
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
  'biome-assist': {
    file: 'a.ts',
    before: 'import { b } from "./b";\nimport { a } from "./a";\n\nexport { a, b };\n',
    diagnostics: [diag('biome', 'assist/source/organizeImports', 'a.ts')],
    expect: (a) => expect(a).toBe('import { a } from "./a";\nimport { b } from "./b";\n\nexport { a, b };\n'),
  },
  'biome-format': {
    file: 'a.ts',
    before: 'const  x = {a:1}\nexport default x\n',
    diagnostics: [diag('biome', 'format', 'a.ts')],
    expect: (a) => expect(a).toBe('const x = { a: 1 };\nexport default x;\n'),
  },
  'biome-lint': {
    file: 'a.ts',
    before: 'let x = 1;\nexport default x;\n',
    diagnostics: [diag('biome', 'lint/style/useConst', 'a.ts')],
    expect: (a) => expect(a).toBe('const x = 1;\nexport default x;\n'),
  },
  'biome-unused-imports': {
    file: 'a.ts',
    before: 'import { a } from "./a";\nimport { b } from "./b";\n\nexport default a;\n',
    diagnostics: [diag('biome', 'lint/correctness/noUnusedImports', 'a.ts')],
    expect: (a) => expect(a).toBe('import { a } from "./a";\n\nexport default a;\n'),
  },
  gofmt: {
    file: 'a.go',
    before: 'package a\n\nfunc  f( ) int {\nreturn 1 }\n',
    diagnostics: [diag('gofmt', 'format', 'a.go')],
    expect: (a) => expect(a).toBe('package a\n\nfunc f() int {\n\treturn 1\n}\n'),
  },
  goimports: {
    file: 'a.go',
    before: 'package a\n\nimport "os"\n\nfunc f() int { return 1 }\n',
    diagnostics: [diag('goimports', 'import', 'a.go')],
    expect: (a) => expect(a).toBe('package a\n\nfunc f() int { return 1 }\n'),
  },
  'go-mod-tidy': {
    file: 'go.mod',
    before: 'module example.com/a\n',
    extra: { 'a.go': 'package a\n\nfunc F() int { return 1 }\n' },
    diagnostics: [{ ...diag('git', 'go-mod-tidy', 'go.mod'), category: 'dependency' }],
    expect: (a) => expect(a).toMatch(/^module example\.com\/a\n\ngo \d+\.\d+/),
  },
  rustfmt: {
    file: 'src/lib.rs',
    before: 'pub fn  f( ) -> i32 {1}\n',
    extra: { 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n' },
    diagnostics: [diag('rustfmt', 'format', 'src/lib.rs')],
    expect: (a) => expect(a).toBe('pub fn f() -> i32 {\n    1\n}\n'),
  },
  clippy: {
    file: 'src/lib.rs',
    before: 'pub fn f() -> i32 {\n    return 1;\n}\n',
    extra: { 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n' },
    diagnostics: [{ ...diag('clippy', 'clippy::needless_return', 'src/lib.rs'), category: 'lint' }],
    expect: (a) => expect(a).toBe('pub fn f() -> i32 {\n    1\n}\n'),
  },
};

describe('built-in fixers, with the real tools', () => {
  it('every registered fixer has a case', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(builtinFixers).sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name} repairs what it is planned for`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `ci-autofix-fixer-${name}-`));
      for (const [file, text] of Object.entries({ ...c.extra, [c.file]: c.before })) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
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
        timeoutMs: 120_000,
        // What the tools' programs need in the sandbox (rustup's home), as the composition root gives it.
        env: toolEnv(process.env),
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
