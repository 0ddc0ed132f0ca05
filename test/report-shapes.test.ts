import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from './helpers/analyze.js';

/**
 * Test reports as big as real suites make them, through the whole analyzer (line splitting, dispatch):
 * jest's one-line JSON report of several megabytes, which the analyzer cuts at 256 KiB a line, and a
 * JUnit XML report of 20,000 tests streamed line by line. Each is built from a recording of
 * test/fixtures/tools/out/ by repeating its tests.
 */
const out = (name: string) =>
  readFileSync(join(import.meta.dirname, 'fixtures/tools/out', `${name}.txt`), 'utf8');

describe('a jest JSON report of several megabytes on one line', () => {
  it('keeps its counts and the failures of the first 256 KiB', () => {
    const report = JSON.parse(out('jest-json-stdout')) as {
      numTotalTests: number;
      numFailedTests: number;
      numPassedTests: number;
      testResults: unknown[];
    };
    // Each copy in files of its own, so that its failures are failures of their own.
    const copy = JSON.stringify(report.testResults);
    const files = Array.from(
      { length: 2000 },
      (_, i) => JSON.parse(copy.replaceAll('.test.cjs', `${i}.test.cjs`)) as unknown[],
    ).flat();
    const big = {
      ...report,
      numTotalTests: 7 * 2000,
      numFailedTests: 2 * 2000,
      numPassedTests: 3 * 2000,
      testResults: files,
    };
    const line = JSON.stringify(big);
    expect(line.length).toBeGreaterThan(4 * 1024 * 1024);
    const a = analyzeText(`$ npx jest --json\n${line}\n`);
    const run = a.tests.find((t) => t.framework === 'jest')!;
    expect(run).toMatchObject({ run: 14_000, failed: 4000, passed: 6000 });
    expect(run.failed_names.length).toBeGreaterThan(10);
    expect(run.failed_names.length).toBeLessThan(4000);
    expect(a.summary.truncated_lines).toBe(1);
    expect(a.diagnostics.filter((d) => d.source.name === 'jest').length).toBeGreaterThan(10);
  });
});

describe('a JUnit XML report of 20,000 tests', () => {
  it('is streamed: every test counted, the failures reported', () => {
    const surefire = out('junit-surefire').split('\n');
    const cases = surefire.slice(
      surefire.findIndex((l) => l.includes('<testcase name="appliesDiscount"')),
      surefire.findIndex((l) => l.includes('</testsuite>')),
    );
    const body = Array.from({ length: 5000 }, (_, i) =>
      cases.map((l) => l.replaceAll('CartTest', `CartTest${i}`)),
    ).flat();
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuite name="shop.CartTest">',
      ...body,
      '</testsuite>',
    ];
    const a = analyzeText(xml.join('\n'));
    const run = a.tests.find((t) => t.framework === 'junit')!;
    expect(run).toMatchObject({ run: 20_000, failed: 10_000, skipped: 5000, passed: 5000 });
    expect(a.diagnostics.filter((d) => d.source.name === 'junit').length).toBeGreaterThan(100);
  });
});
