import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { testFiles } from './helpers/test-files.js';

/**
 * No test asserts on elapsed time: on a shared, busy machine a timed assertion is a flaky test (one
 * measured 85 ms against a 50 ms bound and failed a whole CI run). A test that guards against slow
 * work counts the work done; speed is measured in bench/.
 */

/**
 * An assertion (`expect(…)` then a bound) on a clock difference or an elapsed-time variable; built from
 * parts so that this file's own lines do not look timed to a line-by-line search.
 */
const CLOCKS = [
  String.raw`performance\.now\(\)`,
  String.raw`Date\.now\(\)\s*-`,
  String.raw`process\.hrtime`,
  String.raw`\b(?:elapsed|took|duration)\w*\b`,
];
const TIMED = new RegExp(
  String.raw`expect\([^;]*?(?:${CLOCKS.join('|')})[^;]*?\)\s*\.\s*(?:not\s*\.\s*)?toBe(?:Less|Greater)Than`,
  'i',
);

export function timedAssertions(text: string): string[] {
  return text.split('\n').filter((line) => TIMED.test(line));
}

describe('tests never assert on elapsed time', () => {
  it('the rule recognises a timed assertion, and lets the rest through', () => {
    const cases = readFileSync(join(repoRoot, 'test/fixtures/meta/timed-assertions.txt'), 'utf8')
      .split('\n')
      .filter((l) => /^(timed|fine)\t/.test(l))
      .map((l) => l.split('\t') as [string, string]);
    expect(cases.length).toBeGreaterThan(5);
    for (const [verdict, line] of cases)
      expect(timedAssertions(line), line).toHaveLength(verdict === 'timed' ? 1 : 0);
  });

  it('no test file in src/ or test/ has one', () => {
    const found = testFiles().flatMap((f) =>
      timedAssertions(readFileSync(join(repoRoot, f), 'utf8')).map((l) => `${f}: ${l.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
