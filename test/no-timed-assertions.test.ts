import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

/**
 * No test asserts on elapsed time: on a shared, busy machine a timed assertion is a flaky test (one
 * measured 85 ms against a 50 ms bound and failed a whole CI run). A test that guards against slow
 * work counts the work done; speed is measured in bench/.
 */

/** An `expect(…)` of a clock difference or of an elapsed-time variable, compared with a bound. */
const TIMED =
  /expect\((?:[^;]*?)(?:performance\.now\(\)|Date\.now\(\)\s*-|process\.hrtime|\b(?:elapsed|took|duration)\w*\b)[^;]*?\)\s*\.\s*(?:not\s*\.\s*)?toBe(?:Less|Greater)Than/i;

export function timedAssertions(text: string): string[] {
  return text.split('\n').filter((line) => TIMED.test(line));
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'fixtures' || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('tests never assert on elapsed time', () => {
  it('the rule recognises a timed assertion, and lets the rest through', () => {
    expect(timedAssertions('    expect(performance.now() - started).toBeLessThan(50);')).toHaveLength(1);
    expect(timedAssertions('  expect(Date.now() - t0).toBeLessThanOrEqual(1000);')).toHaveLength(1);
    expect(timedAssertions('  expect(elapsedMs).toBeLessThan(5_000);')).toHaveLength(1);
    expect(timedAssertions('expect(took, "slow").toBeGreaterThan(2)')).toHaveLength(1);
    // A deadline in the future, a count, a clock value kept as data: not timings of the code under test.
    expect(
      timedAssertions('expect(Date.parse(t.expiresAt)).toBeGreaterThan(Date.now() + 59 * 60_000);'),
    ).toEqual([]);
    expect(timedAssertions('expect(calls).toBeLessThan(3);')).toEqual([]);
  });

  it('no test file in src/ or test/ has one', () => {
    const found = [join(repoRoot, 'src'), join(repoRoot, 'test')]
      .flatMap(testFiles)
      // This file's own examples of what the rule finds.
      .filter((f) => !f.endsWith('no-timed-assertions.test.ts'))
      .flatMap((f) =>
        timedAssertions(readFileSync(f, 'utf8')).map((l) => `${relative(repoRoot, f)}: ${l.trim()}`),
      );
    expect(found).toEqual([]);
  });
});
