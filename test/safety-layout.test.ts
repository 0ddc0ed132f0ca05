import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkSafety,
  codeComparer,
  DEFAULT_SAFETY,
  type ChangeOrigin,
  type RunPython,
} from '../src/validate/index.js';
import { createWorktree, fileAtHead, worktreeChanges } from '../src/workspace/index.js';
import { repoRoot } from './helpers/cli.js';

const bin = (tool: string) =>
  tool === 'prettier'
    ? join(repoRoot, 'node_modules/.bin/prettier')
    : /^(gofmt|rustfmt)$/.test(tool)
      ? tool
      : join(repoRoot, '.venv/bin', tool);
const runPython: RunPython = async (script, stdin) => {
  try {
    return { ok: true, output: execFileSync('python3', ['-c', script], { input: stdin, encoding: 'utf8' }) };
  } catch (err) {
    return { ok: false, output: String(err) };
  }
};

/**
 * A repository with `files` committed; `change` edits a worktree of it (by running a real formatter or
 * by hand); the verdict of the safety policy, once with the code comparer and once with lines alone.
 */
async function verdicts(files: Record<string, string>, change: (dir: string) => void, origin?: ChangeOrigin) {
  const repo = mkdtempSync(join(tmpdir(), 'ci-autofix-layout-'));
  const g = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  g('init', '--quiet', '--initial-branch=main');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, name)), { recursive: true });
    writeFileSync(join(repo, name), text);
  }
  g('add', '.');
  g('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '-m', 'initial');
  const wt = await createWorktree(repo, 'HEAD');
  change(wt.dir);
  const { files: changed, patch } = await worktreeChanges(wt.dir);
  const code = { comparer: codeComparer(runPython), before: (p: string) => fileAtHead(wt.dir, p) };
  const describe = (vs: Array<{ rule: string; path?: string }>) => vs.map((v) => `${v.rule} ${v.path}`);
  const result = {
    changed: changed.map((f) => f.path),
    withCode: describe(await checkSafety(wt.dir, changed, patch, DEFAULT_SAFETY, code, origin)),
    linesAlone: describe(await checkSafety(wt.dir, changed, patch, DEFAULT_SAFETY)),
  };
  await wt.remove();
  return result;
}

const run = (dir: string, tool: string, ...args: string[]) =>
  execFileSync(bin(tool), args, { cwd: dir, stdio: 'pipe' });

const LONG_ASSERT = [
  'from app import total',
  '',
  '',
  'def test_total():',
  "    assert total([1, 2, 3], discount=0, currency='EUR', rounding='half-even') == {'amount': 6, 'currency': 'EUR'}",
  '',
].join('\n');

describe('the safety policy looks past layout, and only past layout', () => {
  it('ruff format re-wrapping an assert in a test file passes; lines alone would refuse it', async () => {
    const r = await verdicts({ 'tests/test_total.py': LONG_ASSERT }, (d) =>
      run(d, 'ruff', 'format', '--no-cache', 'tests/test_total.py'),
    );
    expect(r.changed).toEqual(['tests/test_total.py']);
    expect(r.linesAlone).toEqual(['weakened-assertion tests/test_total.py']);
    expect(r.withCode).toEqual([]);
  });

  it('black does the same, and a changed expected value is still refused', async () => {
    const black = await verdicts({ 'tests/test_total.py': LONG_ASSERT }, (d) =>
      run(d, 'black', '--quiet', 'tests/test_total.py'),
    );
    expect(black.withCode).toEqual([]);
    const edited = await verdicts({ 'tests/test_total.py': LONG_ASSERT }, (d) => {
      run(d, 'black', '--quiet', 'tests/test_total.py');
      const p = join(d, 'tests/test_total.py');
      writeFileSync(p, readFileSync(p, 'utf8').replace(/(.amount.): 6/, '$1: 7'));
    });
    expect(edited.withCode).toEqual(['weakened-assertion tests/test_total.py']);
  });

  it('prettier re-wrapping expect(…) passes; a changed matcher is refused', async () => {
    const spec = [
      "import { total } from '../src/total';",
      "test('total', () => {",
      "  expect(total([1, 2, 3], { discount: 0, currency: 'EUR', rounding: 'half-even' })).toEqual({ amount: 6, currency: 'EUR' })",
      '})',
      '',
    ].join('\n');
    const formatted = await verdicts({ 'test/total.test.ts': spec }, (d) =>
      run(d, 'prettier', '--write', '--log-level', 'warn', 'test/total.test.ts'),
    );
    expect(formatted.linesAlone).toEqual(['weakened-assertion test/total.test.ts']);
    expect(formatted.withCode).toEqual([]);
    const weakened = await verdicts({ 'test/total.test.ts': spec }, (d) => {
      run(d, 'prettier', '--write', '--log-level', 'warn', 'test/total.test.ts');
      const p = join(d, 'test/total.test.ts');
      writeFileSync(p, readFileSync(p, 'utf8').replace('.toEqual(', '.toMatchObject('));
    });
    expect(weakened.withCode).toEqual(['weakened-assertion test/total.test.ts']);
  });

  it('a re-wrapped skip marker is not a new skip; an added one is', async () => {
    const test = [
      'import pytest',
      '',
      '',
      "@pytest.mark.skipif(True, reason='this reason is long enough that the formatter has to wrap the decorator line')",
      'def test_one():',
      '    assert 1',
      '',
    ].join('\n');
    const wrapped = await verdicts({ 'tests/test_one.py': test }, (d) =>
      run(d, 'ruff', 'format', '--no-cache', 'tests/test_one.py'),
    );
    expect(wrapped.linesAlone).toEqual(['weakened-assertion tests/test_one.py']);
    expect(wrapped.withCode).toEqual([]);
    const added = await verdicts({ 'tests/test_one.py': test }, (d) =>
      writeFileSync(
        join(d, 'tests/test_one.py'),
        test.replace('def test_one', '@pytest.mark.skip\ndef test_one'),
      ),
    );
    expect(added.withCode).toEqual(['weakened-assertion tests/test_one.py']);
  });

  it('isort sorting the imports of setup.py passes; a changed dependency list does not; workflows never', async () => {
    const setup = [
      'import sys',
      'import os',
      'from setuptools import setup, find_packages',
      '',
      "setup(name='demo', packages=find_packages(), install_requires=['requests>=2'])",
      '',
    ].join('\n');
    const sorted = await verdicts({ 'setup.py': setup }, (d) => run(d, 'isort', '--quiet', 'setup.py'));
    expect(sorted.changed).toEqual(['setup.py']);
    expect(sorted.linesAlone).toEqual(['protected-path setup.py']);
    expect(sorted.withCode).toEqual([]);
    const bumped = await verdicts({ 'setup.py': setup }, (d) =>
      writeFileSync(join(d, 'setup.py'), setup.replace('requests>=2', 'requests>=3')),
    );
    expect(bumped.withCode).toEqual(['protected-path setup.py']);
    const workflow = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n';
    const yaml = await verdicts({ '.github/workflows/ci.yml': workflow }, (d) =>
      writeFileSync(join(d, '.github/workflows/ci.yml'), workflow.replace('on: push', 'on:  push')),
    );
    expect(yaml.withCode).toEqual(['protected-path .github/workflows/ci.yml']);
  });

  it("gofmt re-laying a whole file is a tool's change of no code: past the size limits; not a model's, nor with a changed value", async () => {
    // 300 keys of different lengths: gofmt aligns every value, 600 changed lines (safety.max_lines: 500).
    const keys = Array.from({ length: 300 }, (_, i) => `"${'k'.repeat(1 + (i % 7))}${i}": ${i},`);
    const table = `package table\n\nvar Table = map[string]int{\n${keys.join('\n')}\n}\n`;
    const tool: ChangeOrigin = { author: 'tool', targets: [] };
    const gofmt = (d: string) => run(d, 'gofmt', '-w', 'table.go');
    const relaid = await verdicts({ 'table.go': table }, gofmt, tool);
    expect(relaid.linesAlone).toEqual(['max-lines undefined']);
    expect(relaid.withCode).toEqual([]);
    expect((await verdicts({ 'table.go': table }, gofmt)).withCode).toEqual(['max-lines undefined']);
    const changed = await verdicts(
      { 'table.go': table },
      (d) => (
        gofmt(d),
        writeFileSync(
          join(d, 'table.go'),
          readFileSync(join(d, 'table.go'), 'utf8').replace(/ 7,\n/, ' 8,\n'),
        )
      ),
      tool,
    );
    expect(changed.withCode).toEqual(['max-lines undefined']);
  });

  it('rustfmt re-wrapping assert_eq! in a test passes; a changed expected value is refused', async () => {
    const test = [
      '#[test]',
      'fn totals() {',
      '    assert_eq!(total(&[1, 2, 3], Discount::None, Currency::Eur, Rounding::HalfEven), Amount { value: 6, currency: Currency::Eur });',
      '}',
      '',
    ].join('\n');
    const rustfmt = (d: string) => run(d, 'rustfmt', '--edition', '2021', 'tests/totals.rs');
    const wrapped = await verdicts({ 'tests/totals.rs': test }, rustfmt);
    expect(wrapped.linesAlone).toEqual(['weakened-assertion tests/totals.rs']);
    expect(wrapped.withCode).toEqual([]);
    const edited = await verdicts({ 'tests/totals.rs': test }, (d) => {
      rustfmt(d);
      const file = join(d, 'tests/totals.rs');
      writeFileSync(file, readFileSync(file, 'utf8').replace('value: 6', 'value: 7'));
    });
    expect(edited.withCode).toEqual(['weakened-assertion tests/totals.rs']);
  });
});
