import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { logRef } from '../shared/emit.js';
import { addBody, caseDiagnostic, caseName, type Failure, type Testcase } from './testcase.js';
import { XmlScanner, type XmlHandler } from './xml-scanner.js';

/**
 * JUnit XML reports printed into a log: `vitest --reporter=junit` on stdout, `cat report.xml` after
 * `pytest --junitxml` or Maven Surefire. The document is streamed line by line (one line for pytest's,
 * one element a line for the others) and only each test's outcome is kept, with the first lines of a
 * failure's text: never the document. A `<testcase>` with a `<failure>` or `<error>` is a failing test
 * and a diagnostic. Flaky (failed, then passed when re-run): one with Surefire's `<flakyFailure>` or
 * `<flakyError>` and no failure, or one written again after failing that passed the last time (Gradle
 * without mergeReruns, the `flaky` plugin of pytest). Every report of a step adds to one TestRun.
 */
const SUITE = new Set(['testsuites', 'testsuite']);
/** Distinct tests remembered per document (for re-runs); past it, tests are counted but not matched. */
const MAX_TESTS = 20000;
/** Failing tests whose failure is kept for a diagnostic, per document. */
const MAX_FAILURES = 2000;
/** Lines a `<?xml …?>` prolog may stand before the root element does. */
const PROLOG_LINES = 3;

interface Outcome {
  last: 'passed' | 'failed' | 'skipped';
  /** The first failing run of the test, for its diagnostic. */
  failed?: Testcase;
  everFailed: boolean;
  flaky: boolean;
}

interface Totals {
  run: number;
  passed: number;
  failed: number;
  skipped: number;
  failedNames: string[];
  flakyNames: string[];
  first?: LogLine;
  last: number;
}

class JunitState implements ParserState, XmlHandler {
  private state: 'idle' | 'prolog' | 'document' = 'idle';
  private scanner = new XmlScanner(this);
  private prologLines = 0;
  private suites = 0;
  private current: LogLine | undefined;
  /** The line the document being read began on. */
  private start: LogLine | undefined;
  private testcase: Testcase | undefined;
  private capturing: Failure | undefined;
  private outcomes = new Map<string, Outcome>();
  private failures = 0;
  private pytest = false;
  private readonly totals: Totals = {
    run: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    failedNames: [],
    flakyNames: [],
    last: 0,
  };

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.state !== 'idle';
  }

  line(l: LogLine): void {
    if (this.state === 'idle') {
      const t = l.text.trimStart();
      if (!t.startsWith('<?xml') && !t.startsWith('<testsuite')) return;
      this.state = t.startsWith('<?xml') ? 'prolog' : 'document';
      this.scanner = new XmlScanner(this);
      this.prologLines = 0;
      this.suites = 0;
      this.start = l;
    }
    this.current = l;
    this.scanner.line(l.text, l.no);
    // Another XML document (a pom.xml, an SVG): not a report.
    if (this.state === 'prolog' && ++this.prologLines > PROLOG_LINES) this.state = 'idle';
  }

  end(): void {
    if (this.state === 'document' && this.current) this.endDocument(this.current.no);
    this.state = 'idle';
    const t = this.totals;
    if (!t.first) return;
    this.sink.testRun({
      framework: 'junit',
      step: t.first.step,
      run: t.run,
      passed: t.passed,
      failed: t.failed,
      skipped: t.skipped,
      failed_names: t.failedNames,
      ...(t.flakyNames.length ? { flaky_names: t.flakyNames } : {}),
      log: logRef(t.first, Math.max(t.last, t.first.no)),
    });
  }

  open(name: string, attrs: Readonly<Record<string, string>>, selfClosing: boolean): void {
    if (this.state === 'prolog') this.state = SUITE.has(name) ? 'document' : 'idle';
    if (this.state !== 'document') return;
    if (SUITE.has(name)) {
      if (!selfClosing) this.suites++;
      this.totals.first ??= this.start;
      // pytest names its suite `pytest` (junit_suite_name changes it): its tests get pytest's node ids.
      if (name === 'testsuite') this.pytest = attrs.name === 'pytest';
    } else if (name === 'testcase') this.openCase(attrs, selfClosing);
    else if (this.testcase) this.caseChild(name, attrs, selfClosing);
  }

  close(name: string, no: number): void {
    if (this.state !== 'document') return;
    if (name === 'failure' || name === 'error') this.capturing = undefined;
    else if (name === 'testcase') this.closeCase(no);
    else if (SUITE.has(name) && --this.suites <= 0) this.endDocument(no);
  }

  text(text: string): void {
    if (this.capturing && this.state === 'document') addBody(this.capturing, text);
  }

  private openCase(attrs: Readonly<Record<string, string>>, selfClosing: boolean): void {
    const l = this.current!;
    const line = Number(attrs.line);
    this.testcase = {
      name: attrs.name ?? '',
      classname: attrs.classname ?? '',
      ...(attrs.file ? { file: attrs.file } : {}),
      ...(line > 0 ? { line } : {}),
      first: l,
      last: l.no,
      skipped: false,
      flaky: false,
    };
    if (selfClosing) this.closeCase(l.no);
  }

  private caseChild(name: string, attrs: Readonly<Record<string, string>>, selfClosing: boolean): void {
    const c = this.testcase!;
    if (name === 'failure' || name === 'error') {
      // vitest writes one `<failure>` per attempt of a retried test: the first one speaks for them.
      if (c.failure) return;
      c.failure = { kind: name, message: attrs.message, type: attrs.type, body: [] };
      if (!selfClosing) this.capturing = c.failure;
    } else if (name === 'skipped') c.skipped = true;
    else if (name === 'flakyFailure' || name === 'flakyError') c.flaky = true;
  }

  private closeCase(no: number): void {
    const c = this.testcase;
    if (!c) return;
    this.testcase = undefined;
    this.capturing = undefined;
    c.last = no;
    const name = caseName(c, this.pytest);
    const status = c.failure ? 'failed' : c.skipped ? 'skipped' : 'passed';
    const o = this.outcomes.get(name);
    if (o) {
      o.last = status;
      o.everFailed ||= status === 'failed';
      o.flaky ||= c.flaky;
      if (c.failure && !o.failed && this.failures < MAX_FAILURES) o.failed = c;
      return;
    }
    const keep = c.failure && this.failures++ < MAX_FAILURES;
    const outcome: Outcome = {
      last: status,
      everFailed: status === 'failed',
      flaky: c.flaky,
      ...(keep ? { failed: c } : {}),
    };
    if (this.outcomes.size < MAX_TESTS) this.outcomes.set(name, outcome);
    else this.settle(name, outcome);
  }

  /** Counts one test, reports it when it failed in the end, and names it when it was flaky. */
  private settle(name: string, o: Outcome): void {
    const t = this.totals;
    t.run++;
    if (o.last === 'failed') {
      t.failed++;
      if (t.failedNames.length < 5000) t.failedNames.push(name);
      if (o.failed) this.sink.diagnostic(caseDiagnostic(o.failed, name));
    } else if (o.last === 'skipped') t.skipped++;
    else {
      t.passed++;
      if ((o.everFailed || o.flaky) && t.flakyNames.length < 5000) t.flakyNames.push(name);
    }
  }

  private endDocument(no: number): void {
    this.closeCase(no);
    for (const [name, o] of this.outcomes) this.settle(name, o);
    this.outcomes = new Map();
    this.failures = 0;
    this.totals.last = no;
    this.state = 'idle';
  }
}

export const junitParser: LogParser = {
  name: 'junit',
  description: 'JUnit XML reports printed into the log (vitest, pytest --junitxml, Surefire, Gradle)',
  // Idle, only a line that starts a document (`<?xml`, `<testsuites`, `<testsuite`, perhaps indented)
  // matters; inside one, every line does.
  interest: { firstChars: '<', afterIndent: '<' },
  create(sink) {
    return new JunitState(sink);
  },
};
