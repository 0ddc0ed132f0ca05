import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLocated, type ParsedDiagnostic, type TestRun } from '../../domain/index.js';
import { pytestParser } from './parser.js';

/**
 * pytest-rerunfailures (`--reruns N`): a test re-run and then passed is flaky (flaky_names, no
 * diagnostic); one re-run and failed all the same stays a failing test. The recordings (record.sh,
 * src/pytest-rerun/) are reviewed line by line in test/parser-fixtures.test.ts; these are the shapes
 * they do not show.
 */
const out = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/tools/out', `${name}.txt`), 'utf8');

function parse(text: string): { diagnostics: ParsedDiagnostic[]; runs: TestRun[] } {
  const diagnostics: ParsedDiagnostic[] = [];
  const runs: TestRun[] = [];
  const state = pytestParser.create({ diagnostic: (d) => diagnostics.push(d), testRun: (r) => runs.push(r) });
  text
    .split('\n')
    .forEach((line, i) => state.line({ text: line, no: i + 1, step: 'test', located: isLocated(line) }));
  state.end();
  return { diagnostics, runs };
}

const X = 'tests/test_x.py';

describe('pytest re-runs: the recordings', () => {
  it('verbose: RERUN then PASSED is flaky, RERUN then FAILED is failing, with no diagnostic for the flaky', () => {
    const { diagnostics, runs } = parse(out('pytest-rerun-once'));
    expect(runs).toEqual([
      expect.objectContaining({
        run: 5,
        passed: 3,
        failed: 2,
        failed_names: ['tests/test_rerun.py::test_warms_up', 'tests/test_rerun.py::test_total'],
        flaky_names: ['tests/test_rerun.py::test_connects'],
      }),
    ]);
    expect(diagnostics.map((d) => d.test?.name)).toEqual(runs[0]!.failed_names);
  });

  it('a passing run with a flaky test: the TestRun says so, nothing to fix', () => {
    const { diagnostics, runs } = parse(out('pytest-rerun-pass'));
    expect(diagnostics).toEqual([]);
    expect(runs[0]).toMatchObject({
      run: 1,
      passed: 1,
      failed: 0,
      flaky_names: ['tests/test_rerun.py::test_connects'],
    });
  });

  it('no re-run: no flaky_names at all', () => {
    expect(parse(out('pytest-quiet')).runs[0]).not.toHaveProperty('flaky_names');
  });
});

describe('pytest re-runs: the shapes not recorded', () => {
  it('xdist: `[gw0] [ 50%] RERUN` then PASSED on another worker line', () => {
    const { runs } = parse(
      [
        `[gw0] [ 25%] RERUN ${X}::test_a`,
        `[gw1] [ 50%] PASSED ${X}::test_c`,
        `[gw0] [ 50%] PASSED ${X}::test_a`,
        `[gw1] [ 75%] RERUN ${X}::test_b`,
        `[gw1] [100%] FAILED ${X}::test_b`,
        '=========== 1 failed, 2 passed, 2 rerun in 0.30s ===========',
      ].join('\n'),
    );
    expect(runs[0]).toMatchObject({ run: 3, failed_names: [`${X}::test_b`], flaky_names: [`${X}::test_a`] });
  });

  it('verbose: a RERUN whose last attempt is not in the log is neither flaky nor failing', () => {
    const { runs } = parse(
      [
        `${X}::test_a RERUN                                 [ 50%]`,
        '==== 1 passed, 1 rerun in 0.01s ====',
      ].join('\n'),
    );
    expect(runs[0]).toMatchObject({ run: 1, failed_names: [] });
    expect(runs[0]).not.toHaveProperty('flaky_names');
  });

  it('`-q -rR`: the counts close the rerun section; a re-run test with a FAILURES block is failing', () => {
    const { diagnostics, runs } = parse(
      [
        'R.RF                                                                     [100%]',
        '=================================== FAILURES ===================================',
        '_________________________________ Test.test_b _________________________________',
        `${X}:9: AssertionError`,
        '=========================== rerun test summary info ============================',
        `RERUN ${X}::test_a`,
        `RERUN ${X}::Test::test_b`,
        '1 failed, 2 passed, 2 rerun in 0.03s',
      ].join('\n'),
    );
    expect(runs[0]).toMatchObject({
      run: 3,
      failed_names: [`${X}::Test::test_b`],
      flaky_names: [`${X}::test_a`],
    });
    expect(diagnostics.map((d) => [d.test?.name, d.location?.path])).toEqual([[`${X}::Test::test_b`, X]]);
  });

  it('the same test name in two files: the FAILURES block goes to the one the summary names', () => {
    const { runs } = parse(
      [
        '=================================== FAILURES ===================================',
        '____________________________________ test_a ____________________________________',
        'tests/test_y.py:3: AssertionError',
        '=========================== rerun test summary info ============================',
        `RERUN ${X}::test_a`,
        'RERUN tests/test_y.py::test_a',
        '=========================== short test summary info ============================',
        'FAILED tests/test_y.py::test_a - assert 0',
        '============ 1 failed, 1 passed, 2 rerun in 0.03s ============',
      ].join('\n'),
    );
    expect(runs[0]).toMatchObject({
      failed_names: ['tests/test_y.py::test_a'],
      flaky_names: [`${X}::test_a`],
    });
  });
});
