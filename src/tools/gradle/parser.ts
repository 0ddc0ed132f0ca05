import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';
import { classPath, exceptionMessage, frameOf } from '../shared/java-frames.js';

/**
 * Gradle's test task: an event line per failing test (`shop.CartTest > total FAILED`, JUnit 5's
 * `CartTest > total() FAILED`; `PASSED` and `SKIPPED` too when the build logs those events), then the
 * exception indented below it (short, `java.lang.AssertionError at CartTest.java:21`, or full, with the
 * message and the stack), and the task's closing `6 tests completed, 3 failed, 1 skipped`, a TestRun.
 * Gradle counts every attempt of a test the test-retry plugin re-ran: a test that `FAILED` and then
 * `PASSED` is flaky, and its failed attempts are not failures.
 */
const SUMMARY = /^(\d+) tests? completed(?:, (\d+) failed)?(?:, (\d+) skipped)?$/;
const SHORT = /^(\S+) at ([^\s:]+):(\d+)$/;
const OUTCOMES = [' FAILED', ' PASSED', ' SKIPPED'] as const;
const MAX_TESTS = 5000;
const MAX_BLOCK_LINES = 60;

interface Failure {
  name: string;
  cls: string;
  first: LogLine;
  last: number;
  lines: string[];
}

interface Test {
  /** Its first failure: its block speaks for it. */
  failure?: Failure;
  failedRuns: number;
  passedAfterFailing: boolean;
}

/** `Class > test OUTCOME` (nested classes and parameters add ` > ` parts), or undefined. */
function event(t: string): { name: string; cls: string; outcome: string } | undefined {
  if (t.charCodeAt(0) === 62 /* > */ || t.charCodeAt(0) === 32) return undefined;
  const outcome = OUTCOMES.find((o) => t.endsWith(o));
  const sep = outcome ? t.indexOf(' > ') : -1;
  if (sep <= 0) return undefined;
  const name = t.slice(0, t.length - outcome!.length);
  return { name, cls: name.slice(0, sep), outcome: outcome!.trim() };
}

class GradleState implements ParserState {
  private tests = new Map<string, Test>();
  private block: Failure | undefined;

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.block !== undefined;
  }

  line(l: LogLine): void {
    const t = l.text;
    if (this.block) {
      // The exception is indented below the event; a blank line may stand inside a full message.
      if (!t || t.charCodeAt(0) === 32) {
        if (t) this.extend(t, l);
        return;
      }
      this.block = undefined;
    }
    const e = event(t);
    if (e) return this.event(e, l);
    const c = t.charCodeAt(0);
    if (c >= 48 && c <= 57 && t.includes(' completed')) {
      const m = SUMMARY.exec(t);
      if (m) this.summary(m, l);
    }
  }

  end(): void {
    this.block = undefined;
    this.report();
  }

  private extend(t: string, l: LogLine): void {
    const b = this.block!;
    b.last = l.no;
    if (b.lines.length < MAX_BLOCK_LINES) b.lines.push(t);
  }

  private event(e: { name: string; cls: string; outcome: string }, l: LogLine): void {
    let test = this.tests.get(e.name);
    if (!test) {
      if (e.outcome !== 'FAILED' || this.tests.size >= MAX_TESTS) return;
      test = { failedRuns: 0, passedAfterFailing: false };
      this.tests.set(e.name, test);
    }
    if (e.outcome === 'PASSED') {
      test.passedAfterFailing = true;
      return;
    }
    if (e.outcome !== 'FAILED') return;
    test.failedRuns++;
    test.passedAfterFailing = false;
    this.block = { name: e.name, cls: e.cls, first: l, last: l.no, lines: [] };
    test.failure ??= this.block;
  }

  private summary(m: RegExpExecArray, l: LogLine): void {
    const { failing, flaky, retries } = this.report();
    // Re-run attempts are counted as tests: one test that failed twice and then passed is one passed test.
    const run = Math.max(0, Number(m[1]) - retries);
    const failed = Math.max(0, Number(m[2] ?? 0) - retries);
    const skipped = Number(m[3] ?? 0);
    this.sink.testRun({
      framework: 'gradle',
      step: l.step,
      run,
      passed: Math.max(0, run - failed - skipped),
      failed,
      skipped,
      failed_names: failing,
      ...(flaky.length ? { flaky_names: flaky } : {}),
      log: logRef(l),
    });
  }

  /** One diagnostic per test that failed in the end; the flaky ones are named, not reported. */
  private report(): { failing: string[]; flaky: string[]; retries: number } {
    const failing: string[] = [];
    const flaky: string[] = [];
    let retries = 0;
    for (const [name, test] of this.tests) {
      if (test.passedAfterFailing) {
        flaky.push(name);
        retries += test.failedRuns;
        continue;
      }
      failing.push(name);
      retries += test.failedRuns - 1;
      if (test.failure) this.sink.diagnostic(diagnostic(test.failure));
    }
    this.tests = new Map();
    return { failing, flaky, retries };
  }
}

function diagnostic(f: Failure) {
  const first = f.lines[0]?.trim() ?? '';
  const short = SHORT.exec(first);
  // `shop.CartTest` names its package; JUnit 5's `CartTest` does not, and the file is then all there is.
  const frame = short ? undefined : frameOf(f.lines, f.cls);
  const file = short?.[2] ?? frame?.file;
  const message = short ? short[1] : exceptionMessage(f.lines);
  return makeDiagnostic(
    f.first,
    {
      tool: 'gradle',
      path: file ? classPath(frame?.cls ?? f.cls, file) : undefined,
      line: short ? Number(short[3]) : frame?.line,
      code: 'failed',
      message: message || 'test failed',
      test: { name: f.name, framework: 'gradle' },
    },
    f.last,
  );
}

export const gradleParser: LogParser = {
  name: 'gradle',
  description: 'Gradle test task failures and its tests completed summary',
  // Idle, only the event lines (`… FAILED`, `… PASSED`, `… SKIPPED`: all end with `D`) and the summary
  // (`6 tests completed, …`: a digit first) matter; below a failure every line does.
  interest: { lastChars: 'D', firstChars: '0123456789' },
  create(sink) {
    return new GradleState(sink);
  },
};
