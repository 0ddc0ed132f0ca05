import { describe, expect, it } from 'vitest';
import { analyzeText } from './helpers/analyze.js';

/** Runner framing around output no tool parser understands: excerpts must still point at the cause. */
function job(stepName: string, output: string[], exit = 1): string {
  const t = '2026-03-04T10:15:01.0000000Z';
  const lines = [
    "Current runner version: '2.329.0'",
    '##[group]Run actions/checkout@v5',
    'with:',
    '  repository: acme/shop',
    '##[endgroup]',
    'Syncing repository: acme/shop',
    `##[group]Run ${stepName}`,
    stepName,
    'shell: /usr/bin/bash -e {0}',
    '##[endgroup]',
    ...output,
    ...(exit ? [`##[error]Process completed with exit code ${exit}.`] : []),
  ];
  return lines.map((l) => `${t} ${l}`).join('\n') + '\n';
}

const lineOf = (log: string, needle: string) => log.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('excerpts find the cause when no parser matched', () => {
  it('a Go panic: from `panic:` through the goroutine dump', () => {
    const out = [
      '=== RUN   TestCheckout',
      'panic: runtime error: invalid memory address or nil pointer dereference [recovered]',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x5f1a2b]',
      '',
      'goroutine 7 [running]:',
      'testing.tRunner.func1.2({0x61e2a0, 0x8c6f40})',
      '\t/usr/local/go/src/testing/testing.go:1632 +0x1f2',
      'example.com/shop/cart.(*Cart).Total(0x0)',
      '\t/home/runner/work/shop/shop/cart/cart.go:42 +0x1c',
      '',
      'FAIL\texample.com/shop/cart\t0.012s',
    ];
    const log = job('go test ./...', out);
    const a = analyzeText(log);
    const top = a.excerpts[0]!;
    expect(top.reason).toContain('Go panic');
    expect(top.lines[0]).toBe(lineOf(log, 'panic: runtime error'));
    expect(top.lines[1]).toBe(lineOf(log, 'cart.go:42'));
  });

  it('a Maven BUILD FAILURE with the compiler error, without the download noise', () => {
    const out = [
      '[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/junit/junit-bom/5.10.0/junit-bom-5.10.0.pom',
      '[INFO] --- compiler:3.13.0:compile (default-compile) @ shop ---',
      '[INFO] Compiling 12 source files with javac [debug target 17] to target/classes',
      '[ERROR] COMPILATION ERROR : ',
      '[ERROR] /home/runner/work/shop/shop/src/main/java/shop/Cart.java:[42,17] cannot find symbol',
      '  symbol:   variable totl',
      '  location: class shop.Cart',
      '[INFO] 1 error',
      '[INFO] BUILD FAILURE',
      '[INFO] Total time:  4.512 s',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile (default-compile) on project shop: Compilation failure',
    ];
    const log = job('mvn -B verify', out);
    const a = analyzeText(log);
    const covered = (needle: string) =>
      a.excerpts.some((e) => e.lines[0] <= lineOf(log, needle) && lineOf(log, needle) <= e.lines[1]);
    expect(covered('cannot find symbol')).toBe(true);
    expect(covered('Failed to execute goal')).toBe(true);
    expect(covered('Downloading from central')).toBe(false);
  });

  it('a shell script that failed: the command of the step and its error line', () => {
    const log = job('./deploy.sh staging', [
      'Deploying build 1234 to staging',
      'curl: (22) The requested URL returned error: 403',
      'fatal: deploy aborted',
    ]);
    const a = analyzeText(log);
    expect(a.summary.failed_steps).toEqual(['Run ./deploy.sh staging']);
    const reasons = a.excerpts.map((e) => e.reason).join(' | ');
    expect(reasons).toContain('the command that failed the step (exit code 1)');
    const cmd = a.excerpts.find((e) => e.reason.includes('the command'))!;
    expect(cmd.lines[0]).toBe(lineOf(log, '##[group]Run ./deploy.sh'));
    expect(
      a.excerpts.some(
        (e) =>
          e.lines[0] <= lineOf(log, 'fatal: deploy aborted') &&
          lineOf(log, 'fatal: deploy aborted') <= e.lines[1],
      ),
    ).toBe(true);
  });

  it('a Java test failure block and an npm error are found; a passing job yields no excerpts', () => {
    const java = job('./gradlew test', [
      '> Task :test FAILED',
      'CartTest > totalIncludesTax() FAILED',
      '    org.opentest4j.AssertionFailedError: expected: <107> but was: <100>',
      '        at app//shop.CartTest.totalIncludesTax(CartTest.java:21)',
      '',
      '3 tests completed, 1 failed',
      'FAILURE: Build failed with an exception.',
    ]);
    expect(
      analyzeText(java).excerpts.some((e) => e.text.some(([, t]) => t.includes('AssertionFailedError'))),
    ).toBe(true);
    const ok = job(
      'npm test',
      [
        '',
        '> shop@1.0.0 test',
        '> vitest run',
        '',
        ' Test Files  3 passed (3)',
        '      Tests  12 passed (12)',
      ],
      0,
    );
    const a = analyzeText(ok);
    expect(a.excerpts).toEqual([]);
    expect(a.diagnostics).toEqual([]);
    expect(a.tests).toEqual([
      expect.objectContaining({ framework: 'vitest', run: 12, passed: 12, failed: 0 }),
    ]);
  });

  it('ranges stay tight: a 5,000-line step with one error yields a short excerpt around it', () => {
    const noise = Array.from({ length: 5000 }, (_, i) => `compiling module ${i}`);
    noise.splice(
      2500,
      0,
      'error: linker `cc` not found',
      '  |',
      '  = note: No such file or directory (os error 2)',
    );
    const log = job('cargo build', noise);
    const a = analyzeText(log);
    const e = a.excerpts.find((x) => x.text.some(([, t]) => t.includes('linker')))!;
    expect(e.lines[1] - e.lines[0]).toBeLessThan(5);
  });

  it('go test -v: the failing test excerpt starts at its messages, printed before `--- FAIL:`', () => {
    // The shape of goldmark's TestTable failure (a helper file's t.Error) and httprouter's (the test's own).
    const out = [
      '=== RUN   TestStrikethrough',
      '--- PASS: TestStrikethrough (0.00s)',
      '=== RUN   TestTable',
      '    testutil.go:133: ============= case 9 ================',
      '        Expected:',
      '        <td><code>Yoyo</code></td>',
      '        Actual',
      '        <td><code>Yoyo</code>|Dyne</td>',
      '--- FAIL: TestTable (0.00s)',
      '=== RUN   TestRouterNotFound',
      '    router_test.go:436: Custom NotFound handler failed: Code=308',
      '--- FAIL: TestRouterNotFound (0.00s)',
      'FAIL',
      'FAIL\texample.com/shop/extension\t0.007s',
    ];
    const log = job('go test -v ./...', out);
    const a = analyzeText(log);
    const ranges = a.excerpts.map((e) => e.lines);
    expect(ranges).toContainEqual([lineOf(log, 'testutil.go:133'), lineOf(log, 'FAIL: TestRouterNotFound')]);
    const failed = a.diagnostics.filter((d) => d.code?.value === 'test-failed');
    expect(failed.map((d) => [d.test?.name, d.location?.path, d.message])).toEqual([
      ['TestTable', 'testutil.go', '============= case 9 ================'],
      ['TestRouterNotFound', 'router_test.go', 'Custom NotFound handler failed: Code=308'],
    ]);
    // Nothing of the passing test before it.
    const pass = lineOf(log, 'PASS: TestStrikethrough');
    expect(a.excerpts.some((e) => e.lines[0] <= pass && pass <= e.lines[1])).toBe(false);
  });
});
