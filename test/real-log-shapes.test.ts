import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from './helpers/analyze.js';

/**
 * Shapes of real test output the plain fixtures do not show (issue 8 §3). The outputs are the recorded
 * real runs in test/fixtures/tools/out/ (test/parser-fixtures.test.ts checks their whole parse); these
 * tests check the one thing each shape is about, and what happens to it when a log is cut or mixed.
 */
const out = (name: string) =>
  readFileSync(join(import.meta.dirname, 'fixtures/tools/out', `${name}.txt`), 'utf8');
const names = (text: string) =>
  analyzeText(text)
    .diagnostics.map((d) => d.test?.name)
    .filter(Boolean);

describe('unittest function tests and loader errors', () => {
  it("names unittest's FunctionTestCase by its function and a module that did not import by the module", () => {
    const a = analyzeText(out('unittest-shapes'));
    expect(a.tests[0]?.failed_names).toEqual([
      'test_parse_empty',
      'shapes.test_classes.DatabaseTest.setUpClass',
      'test_broken',
      'test_parse_sign',
      'shapes.test_classes.RoundingTest.test_each',
      'shapes.test_classes.RoundingTest.test_halves',
    ]);
    const broken = a.diagnostics.find((d) => d.test?.name === 'test_broken');
    // The error that explains it, not the loader's wrapper around it.
    expect(broken?.message).toBe("ModuleNotFoundError: No module named 'shapes.no_such_module'");
    expect(broken?.category).toBe('import');
  });

  it("names nose's bare `FAIL: pkg.mod.test_fn` headers (nose itself does not run on this Python)", () => {
    const rule = '='.repeat(70);
    const dashes = '-'.repeat(70);
    const log = [
      rule,
      'FAIL: tests.test_parse.test_sign',
      dashes,
      'Traceback (most recent call last):',
      '  File "/src/tests/test_parse.py", line 10, in test_sign',
      '    assert parse("-7") == 7',
      'AssertionError',
      '',
      rule,
      'ERROR: tests.test_parse.test_empty',
      dashes,
      'Traceback (most recent call last):',
      '  File "/src/tests/test_parse.py", line 14, in test_empty',
      '    parse("")',
      "ValueError: invalid literal for int() with base 10: ''",
      '',
      dashes,
      'Ran 3 tests in 0.002s',
      '',
      'FAILED (failures=1, errors=1)',
    ].join('\n');
    const a = analyzeText(log);
    expect(names(log)).toEqual(['tests.test_parse.test_sign', 'tests.test_parse.test_empty']);
    expect(a.diagnostics.map((d) => `${d.location?.path}:${d.location?.range?.start.line}`)).toEqual([
      '/src/tests/test_parse.py:10',
      '/src/tests/test_parse.py:14',
    ]);
    expect(a.tests[0]).toMatchObject({ run: 3, failed: 2, passed: 1 });
  });

  it('takes a bare `ERROR: dotted.name` only when the unittest rule follows it', () => {
    const log = 'ERROR: pkg.module.not_a_test\nsomething else entirely\n';
    expect(analyzeText(log).diagnostics.filter((d) => d.source.name === 'unittest')).toEqual([]);
  });
});

describe('pytest-xdist verbose results and the closing line', () => {
  it('names each failure once when the verbose lines, the sections and the summary all name it', () => {
    const a = analyzeText(out('pytest-xdist'));
    expect(names(out('pytest-xdist')).sort()).toEqual([
      'tests/test_xdist.py::TestLedger::test_balance',
      'tests/test_xdist.py::TestLedger::test_history',
    ]);
    expect(a.tests).toHaveLength(1);
    expect(a.tests[0]).toMatchObject({ run: 9, passed: 7, failed: 2 });
    expect(a.tests[0]?.failed_names).toHaveLength(2);
    // The summary cut the message (`fixture c...`); the ERRORS section has it whole.
    const history = a.diagnostics.find((d) => d.test?.name.endsWith('test_history'));
    expect(history?.message).toBe('RuntimeError: fixture could not open the ledger');
  });

  it('names the failures from the verbose lines alone (--tb=no -rN: no sections, no summary)', () => {
    expect(analyzeText(out('pytest-xdist-tb-no')).tests[0]?.failed_names).toEqual([
      'tests/test_xdist.py::TestLedger::test_balance',
      'tests/test_xdist.py::TestLedger::test_history',
    ]);
  });

  it('still names them when the log was cut inside the FAILURES section', () => {
    const lines = out('pytest-xdist').split('\n');
    const cut = lines.slice(
      0,
      lines.indexOf('=================================== FAILURES ===================================') + 3,
    );
    const a = analyzeText(cut.join('\n'));
    expect(a.tests).toEqual([]);
    expect(a.diagnostics.map((d) => [d.test?.name, d.location?.range?.start.line])).toEqual([
      ['tests/test_xdist.py::TestLedger::test_history', 6],
      ['tests/test_xdist.py::TestLedger::test_balance', undefined],
    ]);
  });

  it('reads the plain `-v` result lines too', () => {
    const log = [
      'tests/test_a.py::test_one PASSED                                         [ 50%]',
      'tests/test_a.py::test_two FAILED                                         [100%]',
    ].join('\n');
    expect(names(log)).toEqual(['tests/test_a.py::test_two']);
  });

  it('reads every counter of a closing line too wide for its `===` rules, clock included', () => {
    const a = analyzeText(out('pytest-counters'));
    // = 1 failed, 3 passed, 1 skipped, 1 deselected, 1 xfailed, 1 xpassed, 1 warning, 1 error in 61.06s (0:01:01) =
    expect(a.tests[0]).toMatchObject({ run: 8, passed: 4, failed: 2, skipped: 2 });
    const rerun = analyzeText(
      '= 1 failed, 802 passed, 66 skipped, 2 errors, 3 rerun in 1284.21s (0:21:24) =\n',
    );
    expect(rerun.tests[0]).toMatchObject({ run: 871, passed: 802, failed: 3, skipped: 66 });
  });
});

describe('mocha summaries', () => {
  it('reads a minute-long run (`2 passing (1m)`) and names failing hooks by their title', () => {
    const a = analyzeText(out('mocha-hooks'));
    expect(a.tests[0]).toMatchObject({ run: 6, passed: 2, failed: 3, skipped: 1 });
    expect(a.tests[0]?.failed_names).toEqual([
      'cart "after each" hook for "adds an item"',
      'checkout "before all" hook for "charges the card"',
      'pricing applies the discount',
    ]);
  });

  it('keeps the counts when other output comes between `passing` and `failing`', () => {
    // What CI shows when another process's stderr lands inside mocha's summary (one process cannot
    // produce it: mocha prints the summary in one go).
    const lines = out('mocha-hooks').split('\n');
    const at = lines.indexOf('  2 passing (1m)') + 1;
    lines.splice(at, 0, '(node:4242) Warning: Closing file descriptor 21 on garbage collection');
    lines.splice(at + 2, 0, 'npm warn deprecated inflight@1.0.6: This module is not supported');
    const a = analyzeText(lines.join('\n'));
    expect(a.tests).toHaveLength(1);
    expect(a.tests[0]).toMatchObject({ run: 6, passed: 2, failed: 3, skipped: 1 });
    expect(a.tests[0]?.failed_names).toHaveLength(3);
  });
});

describe('jest with projects, todo and retries', () => {
  for (const name of ['jest-projects', 'jest-projects-color']) {
    it(`${name}: the file, not the project, of \`FAIL unit unit/config.test.cjs\`; todo counted; a retried test once`, () => {
      const a = analyzeText(out(name));
      const suite = a.diagnostics.find((d) => d.code?.value === 'suite-failed');
      expect(suite?.test?.name).toBe('unit/config.test.cjs');
      // Tests: 2 failed, 2 todo, 3 passed, 7 total
      expect(a.tests[0]).toMatchObject({ run: 7, passed: 3, failed: 2, skipped: 2 });
      // `shows the dashboard` failed three times (two logged retries), `recovers after a slow start` passed on retry.
      expect(a.tests[0]?.failed_names).toEqual(['login › shows the dashboard', 'price › rounds to cents']);
      const dashboard = a.diagnostics.filter((d) => d.test?.name === 'login › shows the dashboard');
      expect(dashboard).toHaveLength(1);
      expect(a.diagnostics.some((d) => d.test?.name.includes('recovers'))).toBe(false);
      // Failed, then passed on a retry: flaky, said so; the test that kept failing is not.
      expect(a.tests[0]?.flaky_names).toEqual(['login recovers after a slow start']);
    });
  }

  it("keeps a file's failure apart from the next file's logged retries", () => {
    const log = out('jest-projects').split('\n');
    const price = log.indexOf('FAIL unit unit/price.test.cjs');
    const config = log.indexOf('FAIL unit unit/config.test.cjs');
    // The unit file's result first, then the e2e file's logged retries and result (unit finished first).
    const reordered = [...log.slice(price, config), ...log.slice(0, price), ...log.slice(config)];
    const a = analyzeText(reordered.join('\n'));
    const failure = a.diagnostics.find((d) => d.test?.name === 'price › rounds to cents');
    expect(failure?.log.lines).toEqual([2, 18]);
  });
});

describe('generated files out of date (`git diff --exit-code` after a generator)', () => {
  it('go mod tidy: go.mod and go.sum are a dependency failure whose reason names `go mod tidy`', () => {
    const a = analyzeText(out('gen-go-mod-tidy'));
    expect(a.diagnostics.map((d) => [d.location?.path, d.code?.value, d.category, d.fixability])).toEqual([
      ['shop/go.mod', 'go-mod-tidy', 'dependency', 'none'],
      ['shop/go.sum', 'go-mod-tidy', 'dependency', 'none'],
    ]);
    expect(a.diagnostics.every((d) => d.reason?.includes('`go mod tidy`'))).toBe(true);
  });

  it('a codegen check: the generated file, where it changed, as a build failure, not a test', () => {
    const [d, ...rest] = analyzeText(out('gen-codegen-diff')).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      location: { path: 'src/routes.gen.ts', range: { start: { line: 5 } } },
      category: 'build',
      fixability: 'none',
    });
  });

  it("npm ci's lockfile out of sync: the reason names the command that regenerates it", () => {
    const [d] = analyzeText(out('npm-ci-out-of-sync')).diagnostics;
    expect(d?.reason).toContain('`npm install --package-lock-only`');
  });

  it('leaves the diff pre-commit shows for its hooks to their findings', () => {
    const diff = out('gen-codegen-diff');
    expect(analyzeText(`All changes made by hooks:\n${diff}`).diagnostics).toEqual([]);
  });
});
