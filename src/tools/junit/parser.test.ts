import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLocated, type ParsedDiagnostic, type TestRun } from '../../domain/index.js';
import { junitParser } from './parser.js';
import { XmlScanner } from './xml-scanner.js';

/**
 * JUnit XML in the shapes the recordings (record.d/reports.sh, record.d/jvm.sh) do not show: a report
 * cut short, a test written once per attempt, XML that is no report, and reports far larger than a
 * failure's worth of lines. The recordings themselves are reviewed in test/parser-fixtures.test.ts.
 */
const out = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/tools/out', `${name}.txt`), 'utf8');

function parse(lines: readonly string[]): { diagnostics: ParsedDiagnostic[]; runs: TestRun[] } {
  const diagnostics: ParsedDiagnostic[] = [];
  const runs: TestRun[] = [];
  const state = junitParser.create({ diagnostic: (d) => diagnostics.push(d), testRun: (r) => runs.push(r) });
  lines.forEach((line, i) => state.line({ text: line, no: i + 1, step: 'test', located: isLocated(line) }));
  state.end();
  return { diagnostics, runs };
}

describe('the XML scanner', () => {
  it('reads a tag whose attributes run over lines, CDATA over lines, entities and comments', () => {
    const events: string[] = [];
    const scanner = new XmlScanner({
      open: (name, attrs, selfClosing) => events.push(`open ${name} ${JSON.stringify(attrs)} ${selfClosing}`),
      close: (name) => events.push(`close ${name}`),
      text: (text) => text.trim() && events.push(`text ${text.trim()}`),
    });
    ['<a x="1 > 0"', "   y='&lt;&#65;&#x42;&amp;'>", '<!-- <b> -->', '<![CDATA[<c>', ']]></a><d/>'].forEach(
      (l, i) => scanner.line(l, i + 1),
    );
    expect(events).toEqual([
      'open a {"x":"1 > 0","y":"<AB&"} false',
      'text <c>',
      'close a',
      'open d {} true',
    ]);
  });
});

describe('reports', () => {
  it('a report cut short reports the tests it got to', () => {
    // The Surefire recording up to the middle of its second document's first test.
    const lines = out('junit-surefire').split('\n');
    const cut = lines.findIndex((l) => l.includes('<testcase name="reachesPaymentService"')) + 2;
    const { diagnostics, runs } = parse(lines.slice(0, cut));
    expect(diagnostics.map((d) => d.test?.name)).toEqual([
      'shop.CartTest.appliesDiscount',
      'shop.CartTest.readsCoupon',
    ]);
    expect(runs).toMatchObject([
      { run: 5, failed: 2, skipped: 1, flaky_names: ['shop.CheckoutTest.reachesPaymentService'] },
    ]);
  });

  it('a test written once per attempt that passed the last time is flaky (Gradle without mergeReruns)', () => {
    // Written to the format: one <testcase> per execution of a retried test.
    const { diagnostics, runs } = parse([
      '<testsuite name="shop.CartTest" tests="3" failures="1">',
      '  <testcase name="total()" classname="shop.CartTest">',
      '    <failure message="expected: &lt;5&gt; but was: &lt;6&gt;" type="org.opentest4j.AssertionFailedError">',
      'org.opentest4j.AssertionFailedError: expected: &lt;5&gt; but was: &lt;6&gt;',
      '\tat app//shop.CartTest.total(CartTest.java:21)',
      '</failure>',
      '  </testcase>',
      '  <testcase name="total()" classname="shop.CartTest"/>',
      '  <testcase name="tax()" classname="shop.CartTest"><error type="java.lang.IllegalStateException"/></testcase>',
      '</testsuite>',
    ]);
    expect(diagnostics).toMatchObject([
      {
        test: { name: 'shop.CartTest.tax()' },
        code: { value: 'error' },
        message: 'java.lang.IllegalStateException',
      },
    ]);
    expect(runs).toMatchObject([
      {
        run: 2,
        passed: 1,
        failed: 1,
        failed_names: ['shop.CartTest.tax()'],
        flaky_names: ['shop.CartTest.total()'],
      },
    ]);
  });
});

describe('what a report is and how much of it is kept', () => {
  it('XML that is no report (a pom.xml printed by a step) is left alone', () => {
    const { diagnostics, runs } = parse([
      '<?xml version="1.0"?>',
      '<project>',
      '  <testcase name="x"/>',
      '</project>',
    ]);
    expect(diagnostics).toEqual([]);
    expect(runs).toEqual([]);
  });

  it('a report of 30,000 tests is counted whole, its failures reported up to the cap', () => {
    const lines = ['<testsuite name="big">'];
    for (let i = 0; i < 30_000; i++)
      lines.push(
        i % 10 === 0
          ? `<testcase classname="big.T" name="t${i}"><failure message="boom ${i}">x</failure></testcase>`
          : `<testcase classname="big.T" name="t${i}"/>`,
      );
    lines.push('</testsuite>');
    const { diagnostics, runs } = parse(lines);
    expect(runs).toMatchObject([{ run: 30_000, failed: 3000, passed: 27_000 }]);
    expect(runs[0]!.failed_names).toHaveLength(3000);
    expect(diagnostics.length).toBeLessThanOrEqual(3000);
    expect(diagnostics.length).toBeGreaterThanOrEqual(2000);
  });

  it("a failure's text is kept to its first lines, however long", () => {
    const body = Array.from({ length: 5000 }, (_, i) => `\tat big.T.frame${i}(T.java:${i + 1})`);
    const { diagnostics } = parse([
      '<testsuite name="big"><testcase classname="big.T" name="t"><failure>java.lang.AssertionError: no',
      ...body,
      `${'x'.repeat(100_000)}</failure></testcase></testsuite>`,
    ]);
    expect(diagnostics).toMatchObject([
      { message: 'java.lang.AssertionError: no', log: { lines: [1, 5002] } },
    ]);
  });
});
