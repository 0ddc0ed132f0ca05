import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';
import { FormatContext, TRACE_STARTS, type FormatCommand, type FormatTool } from './format-context.js';

/**
 * gofmt and goimports: `-l` lists the files each would rewrite, one bare path a line (and exits 0: a
 * check fails on the listing), `-d` prints a diff per file, headed `diff main.go.orig main.go` (gofmt)
 * or `diff -u main.go.orig main.go` with times (goimports). One parser reads both, since the lines are
 * the same: what the step ran says whose they are (format-context.ts). A bare path counts only after a
 * command that names one of them (a path alone on a line is too common to guess); a diff names its file
 * itself, and with no command in sight its header's shape says which tool printed it.
 */
const BARE_PATH = /^(?![+@-])[^\s:"'<>|*?]+\.go$/;
const DIFF_HEADER = /^diff (-u )?(\S+)\.orig (\S+)$/;
const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface Block {
  tool: FormatTool;
  simplify: boolean;
  path: string;
  first: LogLine;
  last: number;
  /** The first changed line of the new file, once seen. */
  line?: number;
  /** Lines of the current hunk still to come: old side, new side; the line number reached on the new side. */
  oldLeft: number;
  newLeft: number;
  newAt: number;
}

export const MESSAGES: Record<FormatTool, (simplify: boolean) => string> = {
  gofmt: (s) =>
    s
      ? 'not formatted and simplified as `gofmt -s` does it: `gofmt -s -w` rewrites it'
      : 'not formatted as gofmt formats it: `gofmt -w` rewrites it',
  goimports: () => 'imports or layout differ from what goimports writes: `goimports -w` rewrites it',
};

/** The code of a finding: `simplify` when gofmt ran with `-s` (its fix needs `-s` too). */
export const formatCode = (tool: FormatTool, simplify: boolean) =>
  tool === 'goimports' ? 'imports' : simplify ? 'simplify' : 'format';

class GoFormatState implements ParserState {
  private readonly context = new FormatContext();
  private block: Block | undefined;
  /** One finding per tool and file in a step, whether it was listed, diffed or both. */
  private readonly seen = new Set<string>();

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.block !== undefined || this.context.busy;
  }

  line(l: LogLine): void {
    if (this.block && this.inBlock(l)) return;
    this.context.observe(l);
    const t = l.text;
    const c0 = t.charCodeAt(0);
    if (c0 === 100 /* d */ && t.startsWith('diff ')) {
      const h = DIFF_HEADER.exec(t);
      if (h && h[2] === h[3]) {
        const given = this.context.command;
        const tool = given?.tool ?? (h[1] ? 'goimports' : 'gofmt');
        const simplify = given?.tool === tool && given.simplify;
        this.block = { tool, simplify, path: h[3]!, first: l, last: l.no, oldLeft: 0, newLeft: 0, newAt: 0 };
      }
      return;
    }
    const command = this.context.command;
    if (command && t.endsWith('.go') && BARE_PATH.test(t)) this.emit(l, command, t, undefined, l.no);
  }

  end(): void {
    this.flush();
  }

  /** A line of the diff being read; false when the diff ended before it (the line is then read anew). */
  private inBlock(l: LogLine): boolean {
    const b = this.block!;
    const t = l.text;
    if (b.oldLeft > 0 || b.newLeft > 0) {
      const c = t.charCodeAt(0);
      // Inside a hunk its counts say which lines are its own (a `+ cmd` trace after it is not).
      if (c === 45 /* - */) b.oldLeft--;
      else if (c === 43 /* + */) {
        b.line ??= b.newAt;
        b.newLeft--;
        b.newAt++;
      } else if (c === 92 /* \ */) return this.take(l);
      else {
        b.oldLeft--;
        b.newLeft--;
        b.newAt++;
      }
      if (c === 45) b.line ??= b.newAt;
      return this.take(l);
    }
    if (t.startsWith('--- ') || t.startsWith('+++ ')) return this.take(l);
    const h = HUNK.exec(t);
    if (h) {
      b.oldLeft = h[1] === undefined ? 1 : Number(h[1]);
      b.newLeft = h[3] === undefined ? 1 : Number(h[3]);
      b.newAt = Number(h[2]);
      return this.take(l);
    }
    this.flush();
    return false;
  }

  private take(l: LogLine): true {
    this.block!.last = l.no;
    return true;
  }

  private flush(): void {
    const b = this.block;
    if (!b) return;
    this.block = undefined;
    this.emit(b.first, b, b.path, b.line, b.last);
  }

  private emit(
    from: LogLine,
    command: FormatCommand,
    path: string,
    line: number | undefined,
    last: number,
  ): void {
    const key = `${command.tool}\0${path}`;
    if (this.seen.has(key) || this.seen.size >= 10_000) return;
    this.seen.add(key);
    this.sink.diagnostic(
      makeDiagnostic(
        from,
        {
          tool: command.tool,
          path,
          line,
          code: formatCode(command.tool, command.simplify),
          message: MESSAGES[command.tool](command.simplify),
        },
        last,
      ),
    );
  }
}

export const goFormatParser: LogParser = {
  name: 'gofmt',
  description: 'gofmt and goimports -l / -d (one parser: the same lines, told apart by the command)',
  interest: { starts: ['diff ', ...TRACE_STARTS], lastChars: 'o', markers: true },
  create(sink) {
    return new GoFormatState(sink);
  },
};
