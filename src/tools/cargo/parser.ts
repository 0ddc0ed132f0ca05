import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';
import { LibtestReader } from './libtest.js';
import { RustcReader } from './rustc.js';

/**
 * A Rust job's output, one parser for what one CI step interleaves: rustc's and clippy's findings (source
 * `cargo`, or `clippy` for clippy's own lints), `cargo test`'s failures and runs, and `cargo fmt --check` /
 * `rustfmt --check` (source `rustfmt`): `Diff in /path/src/lib.rs:12:` (rustfmt 1.6+) or `Diff in
 * /path/src/lib.rs at line 12:` (earlier), one finding per file, at its first difference.
 */
const DIFF = /^Diff in (.+?)(?::(\d+)| at line (\d+)):$/;

class CargoState implements ParserState {
  private readonly rustc: RustcReader;
  private readonly tests: LibtestReader;
  private readonly unformatted = new Set<string>();

  constructor(private readonly sink: ParserSink) {
    this.rustc = new RustcReader(sink);
    this.tests = new LibtestReader(sink);
  }

  get busy(): boolean {
    return this.rustc.busy || this.tests.busy;
  }

  line(l: LogLine): void {
    if (this.rustc.line(l) || this.tests.line(l)) return;
    const t = l.text;
    if (t.charCodeAt(0) === 68 /* D */ && t.startsWith('Diff in ')) this.diff(l, t);
  }

  end(): void {
    this.rustc.end();
    this.tests.end();
  }

  private diff(l: LogLine, t: string): void {
    const m = DIFF.exec(t);
    if (!m || this.unformatted.has(m[1]!) || this.unformatted.size >= 10_000) return;
    this.unformatted.add(m[1]!);
    this.sink.diagnostic(
      makeDiagnostic(l, {
        tool: 'rustfmt',
        path: m[1]!,
        line: Number(m[2] ?? m[3]),
        code: 'format',
        message: 'File is not formatted with rustfmt',
        fixAvailable: true,
      }),
    );
  }
}

export const cargoParser: LogParser = {
  name: 'cargo',
  description: 'cargo build / check / clippy / test, rustc, cargo fmt --check and rustfmt --check',
  // Idle, a line starts something when it is a rustc header (`error`, `warning`), a short-format finding
  // (located), a rustfmt difference, or libtest's run, result, failure block or failures list.
  interest: {
    firstChars: 'ew',
    starts: ['Diff in ', 'running ', 'test ', '---- ', 'failures:'],
    located: true,
  },
  create(sink) {
    return new CargoState(sink);
  },
};
