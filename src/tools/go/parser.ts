import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';
import { STATICCHECK_SUFFIX } from './staticcheck-parser.js';

/**
 * go build / vet / test and Go linters (golangci-lint prints the same `file.go:l:c: msg`; staticcheck's
 * lines, which end in its check's code, are read by its own parser):
 * compiler and vet errors, `--- FAIL: TestX` blocks with their `file_test.go:13: message` lines, and the
 * `ok` / `FAIL` package lines. go test prints no totals, so a TestRun counts the `--- PASS/FAIL/SKIP` lines.
 */
const LOCATED = /^(?:vet: )?((?:[A-Za-z]:)?[^:\s][^:]*\.go):(\d+)(?::(\d+))?: (.*)$/;
const RESULT = /^\s*--- (PASS|FAIL|SKIP): (\S+) \(/;
// t.Log/t.Error's prefix: the calling file, a test's own or a helper it calls (`testutil.go:133: …`).
const TEST_OUTPUT = /^\s+([\w./-]+\.go):(\d+): (.*)$/;
const PKG_FAIL = /^(?:FAIL|ok)\s+\S+\s+(?:[\d.]+s|\[)/;

interface Message {
  path: string;
  line: number;
  text: string;
}

/** One step's state: the running counts of a package's results and the failing test being read. */
class GoState implements ParserState {
  private readonly counts = { PASS: 0, FAIL: 0, SKIP: 0 };
  private readonly failed: string[] = [];
  private firstResult: LogLine | undefined;
  private lastResult: LogLine | undefined;
  private fail: { name: string; first: LogLine; from: number; last: number; messages: Message[] } | undefined;
  private readonly pendingOutput: Array<Message & { no: number }> = [];

  constructor(private readonly sink: ParserSink) {}

  line(l: LogLine): void {
    const t = l.text;
    if (l.located && t.includes('.go:') && this.located(l, t)) return;
    const c0 = t.charCodeAt(0);
    const r = (c0 === 45 /* - */ || c0 === 32) && t.includes('--- ') ? RESULT.exec(t) : null;
    if (r) {
      this.result(l, r);
      return;
    }
    if ((c0 === 70 /* F */ || c0 === 111) /* o */ && PKG_FAIL.test(t)) {
      if (this.firstResult) {
        this.lastResult = l;
        this.emitRun();
      }
      return;
    }
    if (
      c0 === 61 /* = */ &&
      (t.startsWith('=== RUN') || t.startsWith('=== PAUSE') || t.startsWith('=== CONT'))
    ) {
      this.flushFail();
      return;
    }
  }

  end(): void {
    this.emitRun();
  }

  /** A test's output line or a compiler / vet / linter finding; false when the line is neither. */
  private located(l: LogLine, t: string): boolean {
    const o = TEST_OUTPUT.exec(t);
    if (o) {
      // With -v the output comes before its `--- FAIL`; without, after.
      if (this.fail) {
        this.fail.messages.push({ path: o[1]!, line: Number(o[2]), text: o[3]! });
        this.fail.last = l.no;
      } else if (this.pendingOutput.length < 100)
        this.pendingOutput.push({ path: o[1]!, line: Number(o[2]), text: o[3]!, no: l.no });
      return true;
    }
    const m = LOCATED.exec(t);
    if (!m) return false;
    // staticcheck's own lines (`… (SA4006)`, `… (compile)`) are its parser's.
    if (t.endsWith(')') && STATICCHECK_SUFFIX.test(t)) return true;
    this.sink.diagnostic(
      makeDiagnostic(l, {
        tool: 'go',
        path: m[1]!,
        line: Number(m[2]),
        column: m[3] ? Number(m[3]) : undefined,
        message: m[4]!,
      }),
    );
    return true;
  }

  /** A `--- PASS/FAIL/SKIP: TestX (…)` line. */
  private result(l: LogLine, r: RegExpExecArray): void {
    this.flushFail();
    const kind = r[1] as 'PASS' | 'FAIL' | 'SKIP';
    this.counts[kind]++;
    this.firstResult ??= l;
    this.lastResult = l;
    if (kind === 'FAIL') {
      if (this.failed.length < 5000) this.failed.push(r[2]!);
      // With -v the test's messages came first: its range starts at them, so its excerpt says why.
      this.fail = {
        name: r[2]!,
        first: l,
        from: this.pendingOutput[0]?.no ?? l.no,
        last: l.no,
        messages: this.pendingOutput.splice(0).map(({ no: _no, ...m }) => m),
      };
    }
    this.pendingOutput.length = 0;
  }

  private flushFail(): void {
    const fail = this.fail;
    if (!fail) return;
    const where = fail.messages[0];
    this.sink.diagnostic(
      makeDiagnostic(
        { ...fail.first, no: fail.from },
        {
          tool: 'go',
          path: where?.path,
          line: where?.line,
          code: 'test-failed',
          message: where ? where.text : `${fail.name} failed`,
          test: { name: fail.name, framework: 'go' },
        },
        fail.last,
      ),
    );
    this.fail = undefined;
  }

  private emitRun(): void {
    this.flushFail();
    const { counts, firstResult, lastResult } = this;
    if (!firstResult || !lastResult) return;
    this.sink.testRun({
      framework: 'go',
      step: firstResult.step,
      run: counts.PASS + counts.FAIL + counts.SKIP,
      passed: counts.PASS,
      failed: counts.FAIL,
      skipped: counts.SKIP,
      failed_names: this.failed.splice(0),
      log: logRef(firstResult, lastResult.no),
    });
    counts.PASS = counts.FAIL = counts.SKIP = 0;
    this.firstResult = this.lastResult = undefined;
  }
}

export const goParser: LogParser = {
  name: 'go',
  description: 'go build / vet / test, golangci-lint, staticcheck',
  interest: { located: true, firstChars: '-=Fo', afterIndent: '-' },
  create(sink) {
    return new GoState(sink);
  },
};
