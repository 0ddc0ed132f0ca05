import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLocated, type LogLine, type ParsedDiagnostic, type TestRun } from '../../domain/index.js';
import { JsonReportReader } from './js-json-report.js';
import { JsonReportBlock } from './json-report-block.js';
import { parseJsonPrefix } from './json-prefix.js';

/**
 * jest's and vitest's JSON reports cut short: a one-line report longer than the analyzer keeps of a line
 * (it cuts lines at 256 KiB), a pretty-printed one past the reader's cap or at the end of the log. All
 * are the recordings (record.d/reports.sh), cut here.
 */
const out = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/tools/out', `${name}.txt`), 'utf8');
const line = (text: string, no = 1): LogLine => ({ text, no, step: 'test', located: isLocated(text) });

function read(lines: readonly string[], tool = 'jest'): { diagnostics: ParsedDiagnostic[]; runs: TestRun[] } {
  const diagnostics: ParsedDiagnostic[] = [];
  const runs: TestRun[] = [];
  const sink = {
    diagnostic: (d: ParsedDiagnostic) => diagnostics.push(d),
    testRun: (r: TestRun) => runs.push(r),
  };
  const reader =
    tool === 'jest'
      ? new JsonReportReader(sink, 'jest', 'numFailedTestSuites', { separator: ' › ', withFile: false })
      : new JsonReportReader(sink, 'vitest', 'numTotalTestSuites', { separator: ' > ', withFile: true });
  lines.forEach((l, i) => reader.line(line(l, i + 1)));
  reader.end();
  return { diagnostics, runs };
}

describe('parseJsonPrefix', () => {
  const report = out('vitest-json').trim();

  it('reads a whole document as JSON.parse does', () => {
    expect(parseJsonPrefix(report)).toEqual(JSON.parse(report));
  });

  it('keeps what was complete before any cut: the counts first, then the tests read so far', () => {
    for (let cut = 300; cut < report.length; cut += 97) {
      const value = parseJsonPrefix(report.slice(0, cut)) as Record<string, unknown>;
      expect(value, `cut at ${cut}`).toMatchObject({ numTotalTests: 5, numFailedTests: 1 });
    }
  });

  it('is undefined for what is no JSON; a value cut inside keeps what its brackets closed', () => {
    expect(parseJsonPrefix('plain text')).toBeUndefined();
    expect(parseJsonPrefix('{"a": [{"b": 1}, {"c": 2')).toEqual({ a: [{ b: 1 }, {}] });
  });
});

describe('a one-line report cut short', () => {
  it('has its counts and the failures before the cut', () => {
    const report = out('jest-json-stdout').trim();
    const cut = report.indexOf('"title":"rounds to cents"') + 40;
    const { diagnostics, runs } = read([report.slice(0, cut)]);
    expect(runs).toMatchObject([{ run: 7, passed: 3, failed: 2, skipped: 2 }]);
    expect(runs[0]!.failed_names).toEqual(['login › shows the dashboard', 'price › rounds to cents']);
    expect(diagnostics.map((d) => d.test?.name)).toEqual([
      'login › shows the dashboard',
      'price › rounds to cents',
    ]);
  });
});

describe('a pretty-printed report', () => {
  const lines = out('jest-json-pretty').trimEnd().split('\n');

  it('cut by the end of the log is read as far as it goes', () => {
    const { runs } = read(lines.slice(0, 120));
    expect(runs).toMatchObject([{ run: 7, failed: 2, failed_names: ['login › shows the dashboard'] }]);
  });

  it('past the reader cap is read as far as it was kept, and the lines after it are not its', () => {
    const block = new JsonReportBlock('numFailedTestSuites', 4000);
    const reports = lines.map((l, i) => block.line(line(l, i + 1))).filter((r) => r !== undefined);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.value).toMatchObject({ numTotalTests: 7 });
    expect(reports[0]!.last).toBeLessThan(lines.length);
    expect(block.open).toBe(false);
  });

  it('a `{` line followed by something else is no report', () => {
    const block = new JsonReportBlock('numFailedTestSuites');
    expect(block.line(line('{', 1))).toBeUndefined();
    expect(block.open).toBe(true);
    expect(block.line(line('  "name": "x"', 2))).toBeUndefined();
    expect(block.open).toBe(false);
  });
});

describe('a report and the text summary of the same run', () => {
  it("vitest's two reporters: the text's failures stand, the report adds its flaky test, named as the text names files", () => {
    const diagnostics: ParsedDiagnostic[] = [];
    const runs: TestRun[] = [];
    const reader = new JsonReportReader(
      { diagnostic: (d) => diagnostics.push(d), testRun: (r) => runs.push(r) },
      'vitest',
      'numTotalTestSuites',
      { separator: ' > ', withFile: true },
    );
    const lines = out('vitest-json-default').split('\n');
    const summary = lines.findIndex((l) => l.includes('Tests  1 failed'));
    const text: TestRun = {
      framework: 'vitest',
      step: 'test',
      run: 5,
      passed: 2,
      failed: 1,
      skipped: 2,
      failed_names: ['src/cart.test.ts > cart > totals the prices'],
      log: { step: 'test', lines: [summary + 1, summary + 1] },
    };
    reader.summarised(text);
    lines.forEach((l, i) => reader.line(line(l, i + 1)));
    reader.end();
    expect(diagnostics).toEqual([]);
    expect(runs).toEqual([
      { ...text, flaky_names: ['src/cart.test.ts > cart > recovers after a slow start'] },
    ]);
  });

  it('a report no text summary came before is read in full', () => {
    const { runs } = read(out('vitest-json').split('\n'), 'vitest');
    expect(runs).toMatchObject([{ framework: 'vitest', run: 5, failed: 1 }]);
  });
});
