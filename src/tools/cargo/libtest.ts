import type { LogLine } from '../../domain/index.js';
import type { ParserSink } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';

/**
 * `cargo test` (libtest): each test binary prints `running N tests`, a `test NAME ... ok|FAILED|ignored`
 * line per test, a `---- NAME stdout ----` block per failure, and `test result: FAILED. 1 passed; 2
 * failed; 0 ignored; …`. A failure's place and message come from its panic: `thread 'NAME' panicked at
 * src/lib.rs:10:9:` then the message (Rust 1.73+), or `thread 'NAME' panicked at 'message', src/lib.rs:10:9`
 * (earlier; the message may span lines). A doc test is placed at the line its name gives
 * (`src/lib.rs - add (line 6)`): its panic's line is a place in the generated test.
 */
const RUNNING = /^running (\d+) tests?$/;
const RESULT = /^test (.+?) \.\.\. (ok|FAILED|ignored)(?:, .*)?$/;
const SUMMARY = /^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored;/;
const BLOCK = /^---- (.+) stdout ----$/;
const LOC = String.raw`((?:[A-Za-z]:)?[^:\s'][^:']*):(\d+):(\d+)`;
const PANIC_NEW = new RegExp(String.raw`^thread '[^']*'(?: \(\d+\))? panicked at ${LOC}:$`);
const PANIC_OLD = /^thread '[^']*' panicked at '(.*)$/;
const OLD_END = new RegExp(String.raw`^(.*)', ${LOC}$`);
const DOC_TEST = /^(.+\.rs) - .* \(line (\d+)\)$/;
/** Lines of a failure's output that say nothing about it. */
const NOISE =
  /^(?:stderr:|stdout:|Test executable failed \(exit status: \d+\)\.|note: run with `RUST_BACKTRACE)/;
const MAX_MESSAGE_LINES = 8;

interface Failure {
  name: string;
  first: LogLine;
  last: number;
  at?: { path: string; line: number };
  message: string[];
  /** Reading the panic's message: `new` until a note or blank line, `old` until `', path:l:c`. */
  reading?: 'new' | 'old' | 'done';
  /** The first line of output, when there is no panic (`Error: "no config"`). */
  other?: string;
}

interface Run {
  first: LogLine;
  /** The `test NAME ... FAILED` lines: a test's own output printed to stderr may break one up. */
  failed: Array<{ name: string; line: LogLine }>;
  /** The `failures:` list at the end: every failed test, in order, whatever was interleaved above. */
  listed: string[];
}

/** A place in the project: libtest prints the project's files relative, the standard library's absolute. */
const inProject = (path: string) => !path.startsWith('/') && !/^[A-Za-z]:/.test(path);

export class LibtestReader {
  private run: Run | undefined;
  private failure: Failure | undefined;
  /** Reading the `failures:` list of names (libtest prints it sorted, each indented by four spaces). */
  private listing = false;
  private readonly reported = new Set<string>();

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.failure !== undefined || this.listing;
  }

  line(l: LogLine): boolean {
    const t = l.text;
    if (this.failure && this.inFailure(this.failure, l, t)) return true;
    if (this.listing && this.listed(t)) return true;
    const c0 = t.charCodeAt(0);
    if (c0 === 114 /* r */) {
      if (!RUNNING.test(t)) return false;
      this.endRun(undefined);
      this.run = { first: l, failed: [], listed: [] };
      return true;
    }
    if (c0 === 116 /* t */) return this.testLine(l, t);
    if (c0 === 45 /* - */) {
      const b = BLOCK.exec(t);
      if (!b) return false;
      this.flush();
      this.failure = { name: b[1]!, first: l, last: l.no, message: [] };
      return true;
    }
    if (t === 'failures:') {
      this.flush();
      this.listing = true;
      return true;
    }
    return false;
  }

  /** A line after `failures:`: a listed name, or the blank line before the blocks; false when the list ended. */
  private listed(t: string): boolean {
    const m = t.startsWith('    ') ? /^ {4}(\S.*)$/.exec(t) : null;
    if (m) {
      if (this.run && this.run.listed.length < 5000) this.run.listed.push(m[1]!);
      return true;
    }
    if (t === '') return true;
    this.listing = false;
    return false;
  }

  end(): void {
    this.endRun(undefined);
  }

  private testLine(l: LogLine, t: string): boolean {
    const s = SUMMARY.exec(t);
    if (s) {
      this.endRun({ l, passed: Number(s[1]), failed: Number(s[2]), ignored: Number(s[3]) });
      return true;
    }
    const r = RESULT.exec(t);
    if (!r) return false;
    if (r[2] === 'FAILED' && this.run && this.run.failed.length < 5000)
      this.run.failed.push({ name: r[1]!.replace(/ - should panic$/, ''), line: l });
    return true;
  }

  /** A line of a failure's block; false when the block has ended and the line is someone else's. */
  private inFailure(f: Failure, l: LogLine, t: string): boolean {
    if (t.startsWith('---- ') || t === 'failures:' || t.startsWith('test result: ')) {
      this.flush();
      return false;
    }
    f.last = l.no;
    if (f.reading === 'old') {
      this.oldMessage(f, t);
      return true;
    }
    if (f.reading === 'new') {
      if (t === '' || t.startsWith('note: ') || t === 'stack backtrace:') f.reading = 'done';
      else if (f.message.length < MAX_MESSAGE_LINES) f.message.push(t);
      return true;
    }
    if (f.reading === 'done' || t.trim() === '') return true;
    const p = t.startsWith('thread ') ? PANIC_NEW.exec(t) : null;
    if (p) {
      f.at = { path: p[1]!, line: Number(p[2]) };
      f.reading = 'new';
      return true;
    }
    const o = t.startsWith('thread ') ? PANIC_OLD.exec(t) : null;
    if (o) {
      f.reading = 'old';
      this.oldMessage(f, o[1]!);
      return true;
    }
    if (f.other === undefined && !NOISE.test(t)) f.other = t.replace(/^note: /, '');
    return true;
  }

  /** A line of an old-style panic message: `', path:line:col` ends it. */
  private oldMessage(f: Failure, text: string): void {
    const e = OLD_END.exec(text);
    const part = e ? e[1]! : text;
    if (f.message.length < MAX_MESSAGE_LINES) f.message.push(part);
    if (!e) return;
    f.at = { path: e[2]!, line: Number(e[3]) };
    f.reading = 'done';
  }

  private flush(): void {
    const f = this.failure;
    this.failure = undefined;
    if (!f) return;
    const doc = DOC_TEST.exec(f.name);
    const at = doc
      ? { path: doc[1]!, line: Number(doc[2]) }
      : f.at && inProject(f.at.path)
        ? f.at
        : undefined;
    const message = f.message.join('\n').trim() || f.other || `${f.name} failed`;
    this.emit(f.name, f.first, f.last, message, at);
  }

  private emit(
    name: string,
    first: LogLine,
    last: number,
    message: string,
    at?: { path: string; line: number },
  ): void {
    if (this.reported.size < 10_000) this.reported.add(name);
    this.sink.diagnostic(
      makeDiagnostic(
        first,
        {
          tool: 'cargo',
          path: at?.path,
          line: at?.line,
          code: 'test-failed',
          message,
          test: { name, framework: 'cargo' },
        },
        last,
      ),
    );
  }

  /** A test binary's run ends (its summary, or the step): failures with no block of their own, then the run. */
  private endRun(summary: { l: LogLine; passed: number; failed: number; ignored: number } | undefined): void {
    this.flush();
    this.listing = false;
    const run = this.run;
    this.run = undefined;
    if (!run) return;
    const lines = new Map(run.failed.map((f) => [f.name, f.line]));
    const names = run.listed.length ? run.listed : [...lines.keys()];
    for (const name of names) {
      const line = lines.get(name) ?? run.first;
      if (!this.reported.has(name)) this.emit(name, line, line.no, `${name} failed`);
    }
    this.reported.clear();
    if (!summary) return;
    const { passed, failed, ignored } = summary;
    this.sink.testRun({
      framework: 'cargo',
      step: run.first.step,
      run: passed + failed + ignored,
      passed,
      failed,
      skipped: ignored,
      // libtest runs tests in parallel: the order they end in is not the order of their names.
      failed_names: [...names].sort(),
      log: logRef(run.first, summary.l.no),
    });
  }
}
