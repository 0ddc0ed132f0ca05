import { describe, expect, it } from 'vitest';
import { isLocated, type ParsedDiagnostic, type TestRun } from '../../domain/index.js';
import { gradleParser } from './parser.js';

/**
 * Gradle's test output in the shapes the recordings (record.d/jvm.sh: Debian's Gradle 4.4.1 and JUnit 4)
 * do not show: JUnit 5 on a recent Gradle, and the test-retry plugin's attempts.
 */
function parse(text: string): { diagnostics: ParsedDiagnostic[]; runs: TestRun[] } {
  const diagnostics: ParsedDiagnostic[] = [];
  const runs: TestRun[] = [];
  const state = gradleParser.create({ diagnostic: (d) => diagnostics.push(d), testRun: (r) => runs.push(r) });
  text
    .split('\n')
    .forEach((line, i) => state.line({ text: line, no: i + 1, step: 'test', located: isLocated(line) }));
  state.end();
  return { diagnostics, runs };
}

// Gradle's output for Kotlin and JUnit 5, published in jlangr/name-normalizer at 126c812246df, file
// kotlin-junit5/SOLUTION-NOTES.md (steps 1 and 4), where Markdown indents it by four spaces.
const SHORT = [
  'AuthorNameNormalizerTest > returns empty string when empty() FAILED',
  '    kotlin.NotImplementedError at AuthorNameNormalizerTest.kt:10',
  '',
  '9 tests completed, 1 failed, 8 skipped',
];
const FULL = [
  'AuthorNameNormalizerTest > returns single word name() FAILED',
  '    org.opentest4j.AssertionFailedError: ',
  '    expected: "Plato"',
  '     but was: ""',
  '        at app//AuthorNameNormalizerTest.returns single word name(AuthorNameNormalizerTest.kt:17)',
  '',
  '9 tests completed, 1 failed, 7 skipped',
];

describe('Gradle with JUnit 5', () => {
  it('reads the short exception: its type and the place in the test file', () => {
    const { diagnostics, runs } = parse(SHORT.join('\n'));
    expect(diagnostics).toMatchObject([
      {
        location: { path: 'AuthorNameNormalizerTest.kt', range: { start: { line: 10 } } },
        message: 'kotlin.NotImplementedError',
        test: { name: 'AuthorNameNormalizerTest > returns empty string when empty()', framework: 'gradle' },
        log: { lines: [1, 2] },
      },
    ]);
    expect(runs).toMatchObject([{ run: 9, passed: 0, failed: 1, skipped: 8 }]);
  });

  it('reads the full exception: its message and the frame of the test class (a method name with spaces)', () => {
    const { diagnostics } = parse(FULL.join('\n'));
    expect(diagnostics[0]).toMatchObject({
      location: { path: 'AuthorNameNormalizerTest.kt', range: { start: { line: 17 } } },
      message: 'org.opentest4j.AssertionFailedError:\nexpected: "Plato"\nbut was: ""',
      log: { lines: [1, 5] },
    });
  });
});

describe('the test-retry plugin', () => {
  // Written to Gradle's format: with `events 'passed'` a retried test's attempts are each an event, and
  // the summary counts every attempt.
  it('a test that FAILED and then PASSED is flaky: no diagnostic, and its failed attempt is no failure', () => {
    const { diagnostics, runs } = parse(
      [
        'CartTest > total() FAILED',
        '    java.lang.AssertionError at CartTest.java:21',
        '',
        'CartTest > discount() FAILED',
        '    java.lang.AssertionError at CartTest.java:30',
        '',
        'CartTest > total() PASSED',
        '',
        'CartTest > discount() FAILED',
        '    java.lang.AssertionError at CartTest.java:30',
        '',
        '5 tests completed, 3 failed',
      ].join('\n'),
    );
    expect(diagnostics.map((d) => [d.test?.name, d.log.lines])).toEqual([['CartTest > discount()', [4, 5]]]);
    expect(runs).toMatchObject([
      {
        run: 3,
        passed: 2,
        failed: 1,
        failed_names: ['CartTest > discount()'],
        flaky_names: ['CartTest > total()'],
      },
    ]);
  });
});

describe('what is not a test event', () => {
  it("leaves a task's outcome alone", () => {
    const { diagnostics, runs } = parse(
      ['> Task :test FAILED', ':test FAILED', 'BUILD FAILED in 9s'].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(runs).toEqual([]);
  });
});
