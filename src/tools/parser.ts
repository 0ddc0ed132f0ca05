import type { LogLine, ParsedDiagnostic, TestRun } from '../domain/index.js';

/** Where a parser sends what it found. */
export interface ParserSink {
  diagnostic(d: ParsedDiagnostic): void;
  testRun(run: TestRun): void;
}

/**
 * The per-step state of one parser. `line` is called, in order, for the lines of the step the parser is
 * interested in (all of them while `busy`); `end` when the step (or input) ends, so a parser holding a
 * block (an eslint file header, a pytest failure) can flush it.
 * Parsers are pure: no I/O, and every regex runs in linear time on a line of any length.
 */
export interface ParserState {
  line(line: LogLine): void;
  end(): void;
  /** True while the state holds something (a block, a pending line) that needs every following line. */
  readonly busy?: boolean;
}

/**
 * Which lines an idle parser needs: a log is mostly lines no parser cares about, and asking each of 20
 * parsers about each of them is most of the cost of analysis. A line reaches the parser when it matches
 * any of these; a parser with no `interest` sees every line. Lines starting with a non-ASCII character
 * reach every parser.
 */
export interface LineInterest {
  /** First characters of the (cleaned) line, e.g. `'we-+'`. */
  firstChars?: string;
  /**
   * Beginnings of a line, where only some lines with that first character matter: `'[gw'` for
   * pytest-xdist's `[gw1] [ 88%] FAILED …`, not every `[` line.
   */
  starts?: readonly string[];
  /**
   * First characters after the leading spaces of a line that starts with a space: `'F'` for a traceback's
   * `  File "…"`, digits for mocha's `  3 passing`, `'●'` for jest's failures (characters of the Basic
   * Multilingual Plane). When that character is other white space (a tab, a no-break space: what `\s`
   * matches), the line reaches every parser that declares `afterIndent`; a line of spaces alone reaches
   * none of them. Unlike `firstChars`, a character past ASCII reaches only the parsers that list it
   * (indented `✓` lines of passing tests are many). A parser listing `' '` in `firstChars` still gets
   * every indented line.
   */
  afterIndent?: string;
  /** Last characters of the line, e.g. `':'` for a `file.py:` header, or Biome's `━` rule. */
  lastChars?: string;
  /** Lines shaped like `path:line`, `path(line,col)` or `path: line L` (LogLine.located). */
  located?: boolean;
  /** Runner annotations and workflow commands (LogLine.annotation). */
  annotations?: boolean;
  /** `##[group]`, `##[endgroup]` and `[command]` lines (LogLine.marker). */
  markers?: boolean;
}

export interface LogParser {
  /** The tool name, used as `source.name` of what it emits. */
  readonly name: string;
  readonly description: string;
  readonly interest?: LineInterest;
  create(sink: ParserSink): ParserState;
}
