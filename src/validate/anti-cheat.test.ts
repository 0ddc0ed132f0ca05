import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cheatsIn, type AntiCheatPolicy } from './anti-cheat.js';
import { CHECK_CONFIG_FILES } from './check-config.js';
import { parseHunks } from './diff-hunks.js';
import { SUPPRESSIONS } from './suppressions.js';

const NONE: AntiCheatPolicy = { allow_suppressions: [], allow_config: [] };
const FILES = ['app.py', 'src/app.ts', 'main.go', 'src/lib.rs'];
const sample = (files: RegExp) => FILES.find((f) => files.test(f))!;

/** One changed file as the gate sees it: one hunk, from the first line that differs to the last. */
function change(path: string, before: string, after: string) {
  const old = before ? before.split('\n') : [];
  const now = after.split('\n');
  let head = 0;
  while (head < old.length && head < now.length && old[head] === now[head]) head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < now.length - head &&
    old[old.length - 1 - tail] === now[now.length - 1 - tail]
  )
    tail++;
  const [gone, added] = [old.slice(head, old.length - tail), now.slice(head, now.length - tail)];
  const patch = [
    `diff --git a/${path} b/${path}`,
    `@@ -${gone.length ? head + 1 : head},${gone.length} +${added.length ? head + 1 : head},${added.length} @@`,
    ...gone.map((l) => `-${l}`),
    ...added.map((l) => `+${l}`),
  ].join('\n');
  return { path, texts: { before, after }, hunks: parseHunks(patch).get(path) ?? [] };
}

const verdict = (
  c: ReturnType<typeof change>,
  policy: AntiCheatPolicy = NONE,
  author: 'tool' | 'model' = 'model',
) => cheatsIn(c.path, c.texts, c.hunks, policy, author).map((v) => v.rule);

describe('the anti-cheat gate: every entry of the suppression table', () => {
  for (const entry of SUPPRESSIONS)
    it(`${entry.id} (${entry.tool}): "${entry.example}" is refused from a model, allowed from the tool's own fixer`, () => {
      const path = sample(entry.files);
      const c = change(path, 'x = 1\n', `x = 1\n${entry.example}\n`);
      expect(verdict(c)).toEqual(['suppression']);
      expect(cheatsIn(c.path, c.texts, c.hunks, NONE, 'model')[0]!.message).toContain(entry.what);
      expect(verdict(c, NONE, 'tool')).toEqual([]);
    });

  it("the README's table is this one, row by row", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const e of SUPPRESSIONS) expect(readme).toContain(`| ${e.tool} | ${e.what} | \`${e.example}\` |`);
  });

  it('a suppression moved or re-wrapped is not an added one; one removed is welcome', () => {
    expect(
      verdict(change('app.py', 'import os  # noqa: F401\nx = 1\n', 'x = 1\nimport os  # noqa: F401\n')),
    ).toEqual([]);
    expect(verdict(change('app.py', 'import os  # noqa: F401\n', 'x = 1\n'))).toEqual([]);
  });

  it('allow_suppressions lets a suppression through only when every rule it names is allowed', () => {
    const policy = { ...NONE, allow_suppressions: ['E501', 'mypy:import-untyped'] };
    const added = (line: string, path = 'app.py') =>
      verdict(change(path, 'x = 1\n', `x = 1\n${line}\n`), policy);
    expect(added('y = "…"  # noqa: E501')).toEqual([]);
    expect(added('import lib  # type: ignore[import-untyped]')).toEqual([]);
    expect(added('y = 1  # noqa: E501, F841')).toEqual(['suppression']);
    expect(added('y = 1  # noqa')).toEqual(['suppression']);
    expect(added('import lib  # type: ignore')).toEqual(['suppression']);
  });

  it('words that only look like a suppression are code, not cheats', () => {
    expect(verdict(change('app.py', 'x = 1\n', 'x = 1\nAnything = dict[str, int]\n'))).toEqual([]);
    expect(verdict(change('src/app.ts', 'let a = 1;\n', 'let a = 1;\nconst company = anyOf(a);\n'))).toEqual(
      [],
    );
  });
});

describe('the anti-cheat gate: check configuration files', () => {
  const samples = [
    'mypy.ini',
    '.mypy.ini',
    'pyrightconfig.json',
    'ruff.toml',
    '.ruff.toml',
    '.flake8',
    '.pylintrc',
    'pylintrc',
    'pytest.ini',
    '.isort.cfg',
    '.coveragerc',
    'tsconfig.json',
    'packages/web/tsconfig.build.json',
    'jsconfig.json',
    'eslint.config.js',
    'eslint.config.mjs',
    '.eslintrc.json',
    '.eslintignore',
    '.prettierrc',
    'prettier.config.js',
    '.prettierignore',
    'biome.json',
    'jest.config.ts',
    'vitest.config.ts',
    '.golangci.yml',
    'staticcheck.conf',
    'clippy.toml',
    'rustfmt.toml',
  ];

  it('covers every glob of the table with a sample', () => {
    expect(samples.length).toBeGreaterThanOrEqual(CHECK_CONFIG_FILES.length);
  });

  for (const path of samples)
    it(`${path}: any change is refused, from a model and from a tool`, () => {
      const c = change(path, '{ "strict": true }\n', '{ "strict": false }\n');
      expect(verdict(c)).toEqual(['check-config']);
      expect(verdict(c, NONE, 'tool')).toEqual(['check-config']);
    });
});

describe('the anti-cheat gate: check configuration, fix modes, allow_config and shared files', () => {
  it("a tool's fix mode may change a config file for findings in that file (prettier on tsconfig.json)", () => {
    const c = change('tsconfig.json', '{"strict":true}\n', '{ "strict": true }\n');
    expect(cheatsIn(c.path, c.texts, c.hunks, NONE, 'tool', true)).toEqual([]);
    expect(cheatsIn(c.path, c.texts, c.hunks, NONE, 'model', true).map((v) => v.rule)).toEqual([
      'check-config',
    ]);
  });

  it('allow_config names files a fix may change', () => {
    const c = change('tsconfig.json', '{ "strict": true }\n', '{ "strict": false }\n');
    expect(verdict(c, { ...NONE, allow_config: ['tsconfig.json'] })).toEqual([]);
  });

  it('shared files: only the sections that configure a check (setup.cfg, tox.ini, pyproject.toml, Cargo.toml)', () => {
    const cfg = '[metadata]\nname = app\n\n[mypy]\nstrict = True\n';
    expect(verdict(change('setup.cfg', cfg, cfg.replace('strict = True', 'strict = False')))).toEqual([
      'check-config',
    ]);
    expect(verdict(change('setup.cfg', cfg, cfg.replace('name = app', 'name = app2')))).toEqual([]);
    const toml = '[project]\nname = "app"\n\n[tool.ruff.lint]\nselect = ["E", "F"]\n';
    expect(verdict(change('pyproject.toml', toml, toml.replace('"E", "F"', '"F"')))).toEqual([
      'check-config',
    ]);
    expect(verdict(change('pyproject.toml', toml, `${toml}\n[tool.mypy]\nignore_errors = true\n`))).toEqual([
      'check-config',
    ]);
    const tox = '[tox]\nenvlist = py312\n\n[flake8]\nmax-line-length = 88\n';
    expect(verdict(change('tox.ini', tox, tox.replace('88', '200')))).toEqual(['check-config']);
    const cargo = '[package]\nname = "app"\n\n[lints.clippy]\nall = "deny"\n';
    expect(verdict(change('Cargo.toml', cargo, cargo.replace('deny', 'allow')))).toEqual(['check-config']);
  });

  it('package.json: its eslintConfig, prettier and jest keys, not its version', () => {
    const pkg = (o: object) => JSON.stringify({ name: 'app', version: '1.0.0', ...o }, null, 2);
    const rules = { eslintConfig: { rules: { 'no-unused-vars': 'error' } } };
    const off = { eslintConfig: { rules: { 'no-unused-vars': 'off' } } };
    expect(verdict(change('package.json', pkg(rules), pkg(off)))).toEqual(['check-config']);
    expect(verdict(change('package.json', pkg(rules), pkg({ ...rules, version: '1.0.1' })))).toEqual([]);
  });
});
