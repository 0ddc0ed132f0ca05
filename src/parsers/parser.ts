import type { LogLine, ParsedDiagnostic, TestRun } from '../domain/index.js';

/** Where a parser sends what it found. */
export interface ParserSink {
  diagnostic(d: ParsedDiagnostic): void;
  testRun(run: TestRun): void;
}

/**
 * The per-step state of one parser. `line` is called for every line of the step in order; `end` when the
 * step (or input) ends, so a parser holding a block (an eslint file header, a pytest failure) can flush it.
 * Parsers are pure: no I/O, and every regex runs in linear time on a line of any length.
 */
export interface ParserState {
  line(line: LogLine): void;
  end(): void;
}

export interface LogParser {
  /** The tool name, used as `source.name` of what it emits. */
  readonly name: string;
  readonly description: string;
  create(sink: ParserSink): ParserState;
}
