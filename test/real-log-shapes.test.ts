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
