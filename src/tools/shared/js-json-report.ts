import type { LogLine, TestRun } from '../../domain/index.js';
import type { ParserSink } from '../parser.js';
import { logRef, makeDiagnostic } from './emit.js';
import { projectFrame } from './js-frames.js';
import { JsonReportBlock, type JsonReport } from './json-report-block.js';

/**
 * The JSON report jest (`--json`) and vitest (`--reporter=json`) print, read as untrusted data: each
 * field is checked before it is used. A failed assertion is a diagnostic at its first stack frame in the
 * project; a file that did not run (`assertionResults` empty, a `message`) a `suite-failed` one; a test
 * that passed after failing (jest's `invocations` and `retryReasons`, vitest's `failureMessages` of the
 * failed attempts on a passed test) is flaky.
 */
export interface JsonNaming {
  /** jest's ` › ` between describe blocks and title; vitest's ` > `, after the file. */
  separator: string;
  withFile: boolean;
}

const MAX_NAMES = 5000;
const MAX_FRAME_LINES = 50;
// ANSI colours inside a JSON string (`\u001b[31m`) are characters again once parsed.
const ANSI = /\u001b\[[0-9;]*m/g;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const objects = (v: unknown) => (Array.isArray(v) ? v.filter(isObj) : []);

/** The report's counts, to tell a report that restates the text summary just read. */
export function reportCounts(value: unknown): { total: number; failed: number } | undefined {
  if (!isObj(value)) return undefined;
  return { total: num(value.numTotalTests), failed: num(value.numFailedTests) };
}

/** The message a failure's text opens with, and its first frame in the project. */
function failureOf(text: string): { message: string; frame?: ReturnType<typeof projectFrame> } {
  const lines = text.replace(ANSI, '').split('\n', MAX_FRAME_LINES);
  let message = '';
  let frame: ReturnType<typeof projectFrame>;
  for (const l of lines) {
    const t = l.trim();
    if (!message) {
      // jest's own headline for a file that did not load, and `Error: ` before an expect's message.
      if (t && !t.startsWith('● ')) message = t.replace(/^Error: /, '');
    } else if ((frame = projectFrame(l))) break;
  }
  return { message: message || 'test failed', frame };
}

function at(report: JsonReport, no: number | undefined): LogLine {
  return no === undefined ? report.first : { ...report.first, no };
}

interface Assertion {
  name: string;
  status: string;
  messages: string[];
  /** Passed after failing attempts: flaky. */
  retried: boolean;
}

/** Each test file of the report (its path and whether it ran) and its tests, named as `naming` says. */
function* files(doc: Obj, naming: JsonNaming): Generator<{ path: string; file: Obj; tests: Assertion[] }> {
  for (const file of objects(doc.testResults)) {
    const path = str(file.name);
    const tests = objects(file.assertionResults).map((a) => {
      const titles = [...strings(a.ancestorTitles), str(a.title)].filter(Boolean).join(naming.separator);
      const messages = strings(a.failureMessages);
      return {
        name: naming.withFile && path ? `${path}${naming.separator}${titles}` : titles || str(a.fullName),
        status: str(a.status),
        messages,
        retried: num(a.invocations) > 1 || strings(a.retryReasons).length > 0 || messages.length > 0,
      };
    });
    yield { path, file, tests };
  }
}

/** The tests that failed, or that passed after failing (flaky), named as `naming` says. */
export function testNames(value: unknown, naming: JsonNaming, which: 'failed' | 'flaky'): string[] {
  if (!isObj(value)) return [];
  const out: string[] = [];
  for (const { tests } of files(value, naming))
    for (const t of tests)
      if (
        out.length < MAX_NAMES &&
        (which === 'failed' ? t.status === 'failed' : t.status === 'passed' && t.retried)
      )
        out.push(t.name);
  return out;
}

/**
 * The folder a report puts before the paths the text report gives (vitest's JSON names files by their
 * absolute path, its text relative to its root), found from a test both name; '' when none is.
 */
function pathPrefix(report: readonly string[], text: readonly string[]): string {
  for (const r of report.slice(0, 50))
    for (const t of text.slice(0, 50)) {
      const cut = r.length - t.length;
      if (cut > 0 && r.endsWith(t) && r[cut - 1] === '/') return r.slice(0, cut);
    }
  return '';
}

/** Emits the report's failures and its TestRun. */
export function emitJsonReport(sink: ParserSink, tool: string, report: JsonReport, naming: JsonNaming): void {
  const doc = report.value;
  if (!isObj(doc)) return;
  const failed: string[] = [];
  let failureIndex = 0;
  let fileIndex = 0;
  for (const { path, file, tests } of files(doc, naming)) {
    const fileLine = report.fileLines[fileIndex++];
    let anyFailed = false;
    for (const t of tests) {
      // Pretty-printed, each non-empty `failureMessages` has its line, in this order.
      const line = t.messages.length ? report.failureLines[failureIndex++] : undefined;
      if (t.status !== 'failed') continue;
      anyFailed = true;
      if (failed.length >= MAX_NAMES) continue;
      failed.push(t.name);
      // Pretty-printed, the message is the line after `"failureMessages": [`.
      const l = at(report, line);
      const d = failureDiagnostic(tool, l, t.messages[0] ?? '', path, t.name, 'failed');
      if (line !== undefined) d.log.lines = [line, Math.min(line + 1, report.last)];
      sink.diagnostic(d);
    }
    const message = str(file.message);
    if (str(file.status) === 'failed' && !anyFailed && message.trim())
      sink.diagnostic(
        failureDiagnostic(tool, at(report, fileLine), message, path, path || 'test file', 'suite-failed'),
      );
  }
  sink.testRun(testRun(tool, doc, report, failed, testNames(doc, naming, 'flaky')));
}

function failureDiagnostic(tool: string, l: LogLine, text: string, path: string, name: string, code: string) {
  const f = failureOf(text);
  return makeDiagnostic(l, {
    tool,
    path: f.frame?.path ?? path,
    line: f.frame?.line,
    column: f.frame?.column,
    code,
    message: f.message,
    test: { name, framework: tool },
  });
}

function testRun(tool: string, doc: Obj, report: JsonReport, failed: string[], flaky: string[]): TestRun {
  return {
    framework: tool,
    step: report.first.step,
    run: num(doc.numTotalTests),
    passed: num(doc.numPassedTests),
    failed: num(doc.numFailedTests),
    skipped: num(doc.numPendingTests) + num(doc.numTodoTests),
    failed_names: failed,
    ...(flaky.length ? { flaky_names: flaky } : {}),
    log: logRef(report.first, report.last),
  };
}

/**
 * A text parser's reader of its runner's JSON report. `jest --json` prints the usual report on stderr
 * and the JSON on stdout, which a CI log interleaves, and vitest prints both with two reporters: the
 * text parser's summary is held until the step ends or a report comes. A report whose counts are the
 * summary's restates that run: the text's diagnostics stand (they point at the failure's own lines)
 * and the report adds its flaky tests, named exactly; any other report is read in full.
 */
export class JsonReportReader {
  private readonly block: JsonReportBlock;
  private summary: TestRun | undefined;

  constructor(
    private readonly sink: ParserSink,
    private readonly tool: string,
    firstKey: string,
    private readonly naming: JsonNaming,
  ) {
    this.block = new JsonReportBlock(firstKey);
  }

  get open(): boolean {
    return this.block.open;
  }

  /** The TestRun of a text summary: reported once it is known whether a report restates it. */
  summarised(run: TestRun): void {
    this.flushSummary();
    this.summary = run;
  }

  /** Reads a line; true when it belongs to a report (the text parser leaves it alone then). */
  line(l: LogLine): boolean {
    if (!this.block.open && l.text.charCodeAt(0) !== 123 /* { */) return false;
    const starts = this.block.starts(l.text);
    const report = this.block.line(l);
    if (report) this.read(report);
    return starts || report !== undefined || this.block.open;
  }

  end(): void {
    const report = this.block.end();
    if (report) this.read(report);
    this.flushSummary();
  }

  private read(report: JsonReport): void {
    const counts = reportCounts(report.value);
    const text = this.summary;
    if (!counts || !text || text.run !== counts.total || text.failed !== counts.failed) {
      this.flushSummary();
      emitJsonReport(this.sink, this.tool, report, this.naming);
      return;
    }
    const prefix = pathPrefix(testNames(report.value, this.naming, 'failed'), text.failed_names);
    const flaky = testNames(report.value, this.naming, 'flaky').map((n) =>
      prefix && n.startsWith(prefix) ? n.slice(prefix.length) : n,
    );
    this.summary = undefined;
    this.sink.testRun(flaky.length ? { ...text, flaky_names: flaky } : text);
  }

  private flushSummary(): void {
    if (this.summary) this.sink.testRun(this.summary);
    this.summary = undefined;
  }
}
