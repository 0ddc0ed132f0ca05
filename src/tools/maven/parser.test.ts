import { describe, expect, it } from 'vitest';
import { isLocated, type ParsedDiagnostic, type TestRun } from '../../domain/index.js';
import { mavenParser } from './parser.js';

/**
 * Surefire's console report in the shapes the recordings (record.d/jvm.sh: Surefire 2.22.3, Debian's)
 * do not show. Quoted output says where it was published; the rest is written here to the format's
 * rules, as each test says.
 */
function parse(text: string): { diagnostics: ParsedDiagnostic[]; runs: TestRun[] } {
  const diagnostics: ParsedDiagnostic[] = [];
  const runs: TestRun[] = [];
  const state = mavenParser.create({ diagnostic: (d) => diagnostics.push(d), testRun: (r) => runs.push(r) });
  text
    .split('\n')
    .forEach((line, i) => state.line({ text: line, no: i + 1, step: 'test', located: isLocated(line) }));
  state.end();
  return { diagnostics, runs };
}

describe('Surefire 3', () => {
  it('reads `-- in` and `pkg.Class.method -- Time elapsed` (written to the 3.x format)', () => {
    const { diagnostics, runs } = parse(
      [
        '[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! -- in com.acme.CartTest',
        '[ERROR] com.acme.CartTest.total -- Time elapsed: 0.01 s <<< FAILURE!',
        'org.opentest4j.AssertionFailedError: expected: <5> but was: <6>',
        '\tat org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)',
        '\tat com.acme.CartTest.total(CartTest.java:21)',
        '',
        '[INFO] Results:',
        '[ERROR] Failures: ',
        '[ERROR]   CartTest.total:21 expected: <5> but was: <6>',
        '[INFO] ',
        '[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0',
      ].join('\n'),
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      location: { path: 'com/acme/CartTest.java', range: { start: { line: 21 } } },
      message: 'org.opentest4j.AssertionFailedError: expected: <5> but was: <6>',
      test: { name: 'com.acme.CartTest.total' },
      log: { lines: [2, 5] },
    });
    expect(runs).toMatchObject([{ run: 2, passed: 1, failed: 1, failed_names: ['com.acme.CartTest.total'] }]);
  });

  it('a failure outside any test (`@BeforeAll`) names the class', () => {
    const { diagnostics } = parse(
      [
        '[ERROR] Tests run: 1, Failures: 0, Errors: 1, Skipped: 0, Time elapsed: 9.3 s <<< FAILURE! -- in com.acme.UiTest',
        '[ERROR] com.acme.UiTest -- Time elapsed: 9.3 s <<< ERROR!',
        'java.lang.RuntimeException: setup failed',
        '\tat com.acme.UiTest.setUpOnce(UiTest.java:132)',
        '',
        '[ERROR] Errors: ',
        '[ERROR]   UiTest.setUpOnce:132 Runtime setup failed',
        '[ERROR] Tests run: 1, Failures: 0, Errors: 1, Skipped: 0',
      ].join('\n'),
    );
    expect(diagnostics.map((d) => [d.test?.name, d.code?.value, d.location?.path])).toEqual([
      ['com.acme.UiTest', 'error', 'com/acme/UiTest.java'],
    ]);
  });
});

describe('Surefire 3, published', () => {
  it('a message of several lines goes on without the prefix (apache/maven-surefire#723, a CI log)', () => {
    // Published in https://github.com/apache/maven-surefire/pull/723 (a comment quoting its CI's log).
    const { diagnostics, runs } = parse(
      [
        '2024-03-04T16:53:19.6293270Z [INFO] Results:',
        '2024-03-04T16:53:19.6293780Z [INFO] ',
        '2024-03-04T16:53:19.6294100Z [ERROR] Failures: ',
        '2024-03-04T16:53:19.6299420Z [ERROR]   Surefire1144XmlRunTimeIT.testXmlRunTime:52 ',
        '2024-03-04T16:53:19.6300810Z Expected: is a value equal to or greater than <1.6F>',
        '2024-03-04T16:53:19.6301930Z      but: <1.599F> was less than <1.6F>',
        '2024-03-04T16:53:19.6302850Z [INFO] ',
        '2024-03-04T16:53:19.6303680Z [ERROR] Tests run: 1015, Failures: 1, Errors: 0, Skipped: 135',
      ]
        // The analyzer strips the runner's timestamps before any parser sees a line.
        .map((l) => l.slice(29))
        .join('\n'),
    );
    expect(diagnostics[0]).toMatchObject({
      location: { path: 'Surefire1144XmlRunTimeIT.java', range: { start: { line: 52 } } },
      message: 'Expected: is a value equal to or greater than <1.6F>\nbut: <1.599F> was less than <1.6F>',
      test: { name: 'Surefire1144XmlRunTimeIT.testXmlRunTime' },
    });
    expect(runs).toMatchObject([{ run: 1015, passed: 879, failed: 1, skipped: 135 }]);
  });

  it('a flake whose first run failed with a message of several lines (mikepenz/action-junit-report#1394)', () => {
    // Surefire 3.5.4's output, published in https://github.com/mikepenz/action-junit-report/issues/1394;
    // the excerpt ends before the counts: the last line is written to Surefire's format for one flake.
    const { diagnostics, runs } = parse(
      [
        '[WARNING] Flakes: ',
        '[WARNING] io.sodadata.dependson.soda.integrations.msteams.MicrosoftTeamsCrudTest.createWebhook',
        '[ERROR]   Run 1: MicrosoftTeamsCrudTest.createWebhook:58 ',
        'Expected: <false>',
        '     but: was <true>',
        '[INFO]   Run 2: PASS',
        '[INFO] ',
        '[INFO] ',
        '[WARNING] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Flakes: 1',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(runs).toMatchObject([
      {
        failed: 0,
        passed: 1,
        flaky_names: ['io.sodadata.dependson.soda.integrations.msteams.MicrosoftTeamsCrudTest.createWebhook'],
      },
    ]);
  });
});

describe('Surefire before 2.19', () => {
  it('reads the unprefixed report (DataDog/jmxfetch#508)', () => {
    // Published in https://github.com/DataDog/jmxfetch/pull/508 (the "Before" output).
    const { diagnostics, runs } = parse(
      [
        'Running org.datadog.jmxfetch.TestApp',
        'Tests run: 1, Failures: 0, Errors: 1, Skipped: 0, Time elapsed: 0.383 sec <<< FAILURE!',
        '',
        'Results :',
        '',
        'Tests in error:',
        '  testTelemetryTags(org.datadog.jmxfetch.TestApp):',
        '',
        'Tests run: 1, Failures: 0, Errors: 1, Skipped: 0',
        '',
        '[INFO] ------------------------------------------------------------------------',
        '[INFO] BUILD FAILURE',
      ].join('\n'),
    );
    expect(diagnostics.map((d) => [d.test?.name, d.code?.value, d.location?.path])).toEqual([
      ['org.datadog.jmxfetch.TestApp.testTelemetryTags', 'error', 'org/datadog/jmxfetch/TestApp.java'],
    ]);
    expect(runs).toMatchObject([{ run: 1, failed: 1 }]);
  });

  it('reads an unprefixed block header and its stack (DataDog/jmxfetch#508, "After")', () => {
    const { diagnostics } = parse(
      [
        'Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.492 sec <<< FAILURE!',
        'testTelemetryTags(org.datadog.jmxfetch.TestApp)  Time elapsed: 0.415 sec  <<< FAILURE!',
        'java.lang.AssertionError:',
        'Expected: a collection containing "instance:jmx_telemetry_instance"',
        '        at org.hamcrest.MatcherAssert.assertThat(MatcherAssert.java:20)',
      ].join('\n'),
    );
    expect(diagnostics[0]).toMatchObject({
      location: { path: 'org/datadog/jmxfetch/TestApp.java' },
      message:
        'java.lang.AssertionError:\nExpected: a collection containing "instance:jmx_telemetry_instance"',
      test: { name: 'org.datadog.jmxfetch.TestApp.testTelemetryTags' },
    });
  });
});

describe('what is not a Surefire report', () => {
  it('leaves other `[ERROR]` lines and a passing module alone', () => {
    const { diagnostics, runs } = parse(
      [
        '[ERROR] /src/main/java/shop/Cart.java:[12,5] cannot find symbol',
        '[INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s - in shop.CartTest',
        '[INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(runs).toMatchObject([{ run: 3, passed: 3, failed: 0, failed_names: [] }]);
  });
});
