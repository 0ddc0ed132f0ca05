import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';
import { JsonArrayBlock } from '../shared/json-block.js';
import { PythonLintCollector } from '../shared/python-lint-collector.js';
import type { StepContext } from '../shared/step-context.js';
import { parseWorkflowCommand } from '../shared/workflow-command.js';

/**
 * ruff check and ruff format, in every output format: the 2025+ default block format (`F401 [*] msg`
 * then ` --> file:line:col`), concise and the older `file:line:col: CODE msg` (shared with flake8), github
 * (`::error title=ruff (F401),…::`), json, grouped, and `ruff format --check` / `--diff`.
 */
const BLOCK_HEADER = /^([A-Z]{1,4}\d{1,4}|invalid-syntax:|unformatted:|io-error:) (\[\*\] )?(.*)$/;
const ARROW = /^\s*--> ((?:[A-Za-z]:)?[^:]+):(\d+):(\d+)\s*$/;
const GROUP_ITEM = /^ {2}(\d+):(\d+) ([A-Z]{1,4}\d{1,4}) (\[\*\] )?(.*)$/;
const WOULD_REFORMAT = /^Would reformat: (.+)$/;

function codeDigitAt(t: string): boolean {
  for (let i = 1; i <= 4 && i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
    if (c < 65 || c > 90) return false;
  }
  return false;
}

function ruffUrl(code: string): string | undefined {
  return /^[A-Z]+\d+$/.test(code) ? `https://docs.astral.sh/ruff/rules/#${code}` : undefined;
}

function reformatted(l: LogLine, path: string) {
  return makeDiagnostic(l, {
    tool: 'ruff',
    path,
    code: 'format',
    message: 'File would be reformatted',
    fixAvailable: true,
  });
}

/** The findings of `--output-format=json`, a block of lines `first`..`last` ending at `l`. */
function emitJson(
  sink: ParserSink,
  l: LogLine,
  block: { value: unknown[]; first: number; last: number },
): void {
  for (const item of block.value) {
    const v = item as {
      code?: string | null;
      message?: string;
      filename?: string;
      location?: { row?: number; column?: number };
      end_location?: { row?: number; column?: number };
      fix?: { applicability?: string } | null;
      url?: string | null;
    };
    if (typeof v?.message !== 'string' || typeof v.filename !== 'string') continue;
    const code = v.code ?? 'invalid-syntax';
    sink.diagnostic(
      makeDiagnostic(
        { ...l, no: block.first },
        {
          tool: 'ruff',
          path: v.filename,
          line: v.location?.row,
          column: v.location?.column,
          endLine: v.end_location?.row,
          endColumn: v.end_location?.column,
          code,
          codeUrl: v.url ?? ruffUrl(code),
          message: v.message,
          fixAvailable: v.fix ? v.fix.applicability === 'safe' : false,
        },
        block.last,
      ),
    );
  }
}

/** `--output-format=github`: `::error title=ruff (F401),file=…::path:line:col: F401 msg`. */
function emitWorkflowCommand(sink: ParserSink, l: LogLine, t: string): void {
  const cmd = parseWorkflowCommand(t);
  const title = cmd?.props.title ?? '';
  const m = /^ruff \(([^)]+)\)$/i.exec(title);
  if (!cmd || !m) return;
  // The message repeats `path:line:col: CODE ` before the text; keep the text.
  const text = cmd.message.replace(/^[^\n]*?:\d+:\d+: (?:[A-Z]{1,4}\d{1,4}|[a-z-]+:) /, '');
  const code = m[1]!;
  sink.diagnostic(
    makeDiagnostic(l, {
      tool: 'ruff',
      path: cmd.props.file,
      line: Number(cmd.props.line) || undefined,
      column: Number(cmd.props.col) || undefined,
      endLine: Number(cmd.props.endLine) || undefined,
      endColumn: Number(cmd.props.endColumn) || undefined,
      code,
      codeUrl: ruffUrl(code),
      message: text.split('\n')[0]!,
      severity: cmd.command === 'warning' ? 'warning' : cmd.command === 'notice' ? 'info' : 'error',
    }),
  );
}

interface Header {
  line: LogLine;
  code: string;
  fix: boolean;
  message: string;
}

/** One step's state: the block or grouped file being read, and the `--diff` files seen. */
class RuffState implements ParserState {
  private readonly shared: PythonLintCollector;
  private readonly context: StepContext;
  private readonly json = new JsonArrayBlock(
    (t) => t === '[' || t.startsWith('[{"cell"') || t.startsWith('[{"code"'),
  );
  private header: Header | undefined;
  private groupFile: string | undefined;
  private formatDiff = false;
  // `ruff format --diff` files, emitted at the end only if the step ran ruff (a plain git diff looks alike).
  private readonly diffFiles: LogLine[] = [];
  private ruffFormatSummary = false;

  constructor(private readonly sink: ParserSink) {
    this.shared = new PythonLintCollector('ruff', sink);
    this.context = this.shared.context;
  }

  // A block or the step's header goes on over lines of any shape.
  get busy(): boolean {
    return (
      this.header !== undefined ||
      this.groupFile !== undefined ||
      this.formatDiff ||
      this.json.open ||
      this.context.inHeader
    );
  }

  line(l: LogLine): void {
    const t = l.text;
    if (this.shared.line(l)) return;
    const block = this.json.line(t, l.no);
    if (block) {
      emitJson(this.sink, l, block);
      return;
    }
    if (t.startsWith('::')) {
      emitWorkflowCommand(this.sink, l, t);
      return;
    }
    const c0 = t.charCodeAt(0);
    // A block header is a rule code (`F401`, up to four capitals then a digit) or a named header.
    const h =
      (c0 >= 65 && c0 <= 90 && codeDigitAt(t)) || c0 === 105 /* i */ || c0 === 117 /* u */
        ? BLOCK_HEADER.exec(t)
        : null;
    if (h) {
      this.header = { line: l, code: h[1]!.replace(/:$/, ''), fix: Boolean(h[2]), message: h[3]! };
      return;
    }
    if (this.header && this.arrow(l, t, this.header)) return;
    const w = c0 === 87 /* W */ ? WOULD_REFORMAT.exec(t) : null;
    if (w) {
      this.sink.diagnostic(reformatted(l, w[1]!));
      return;
    }
    if (this.grouped(l, t)) return;
    this.diffOrSummary(l, t, c0);
  }

  end(): void {
    this.shared.end();
    if (this.context.mentions('ruff') || this.ruffFormatSummary)
      for (const f of this.diffFiles) this.sink.diagnostic(reformatted(f, f.text));
  }

  /** The ` --> file:line:col` of a block's header; false when the line is not that. */
  private arrow(l: LogLine, t: string, header: Header): boolean {
    const a = ARROW.exec(t);
    if (!a) {
      if (l.no - header.line.no > 3) this.header = undefined;
      return false;
    }
    const code = header.code === 'unformatted' ? 'format' : header.code;
    this.sink.diagnostic(
      makeDiagnostic(
        header.line,
        {
          tool: 'ruff',
          path: a[1]!,
          line: Number(a[2]),
          column: Number(a[3]),
          code,
          codeUrl: ruffUrl(code),
          message: header.code === 'unformatted' ? 'File would be reformatted' : header.message,
          fixAvailable: header.fix || code === 'format' ? true : undefined,
        },
        l.no,
      ),
    );
    this.header = undefined;
    return true;
  }

  /** grouped: a `file.py:` header, then `  line:col CODE msg` items; false when the line is neither. */
  private grouped(l: LogLine, t: string): boolean {
    if (t.endsWith(':') && !t.startsWith(' ') && t.includes('.') && !t.includes(' ')) {
      this.groupFile = t.slice(0, -1);
      return true;
    }
    const path = this.groupFile;
    if (!path) return false;
    const g = GROUP_ITEM.exec(t);
    if (!g) {
      if (t.trim() === '') this.groupFile = undefined;
      return false;
    }
    this.sink.diagnostic(
      makeDiagnostic(l, {
        tool: 'ruff',
        path,
        line: Number(g[1]),
        column: Number(g[2]),
        code: g[3]!,
        codeUrl: ruffUrl(g[3]!),
        message: g[5]!,
        fixAvailable: g[4] ? true : undefined,
      }),
    );
    return true;
  }

  /** `ruff format --diff`: `--- path` / `+++ path` with no timestamp (black adds one, isort `:before`). */
  private diffOrSummary(l: LogLine, t: string, c0: number): void {
    if (t.startsWith('--- ') && !t.includes('\t') && !t.endsWith(':before') && !t.startsWith('--- a/'))
      this.formatDiff = true;
    else if (this.formatDiff && t.startsWith('+++ ')) {
      this.formatDiff = false;
      if (this.diffFiles.length < 10_000) this.diffFiles.push({ ...l, text: t.slice(4).trim() });
    } else {
      this.formatDiff = false;
      if (
        c0 >= 49 &&
        c0 <= 57 &&
        /^\d+ files? would be reformatted(, \d+ files? already formatted)?$/.test(t)
      )
        this.ruffFormatSummary = true;
    }
  }
}

export const ruffParser: LogParser = {
  name: 'ruff',
  description: 'ruff check / ruff format: full, concise, grouped, github, json, --diff',
  // What can start something when idle: block headers (`F401`, `invalid-syntax:`, `unformatted:`), the
  // summaries (`Found`, `All checks`, `[*] … fixable`, `Would reformat`, `3 files would be …`), json
  // (`[` alone on its line when pretty-printed, else `[{`), workflow commands (`::`), `--- ` of a diff,
  // shell traces (`+ `, `$ `, `> `), lint lines (located), the step's header (markers), and a grouped
  // header (`file.py:`, any first character).
  interest: {
    firstChars: 'ABCDEFGHIJKLMNOPQRSTUVWXYZiu:-+$>123456789',
    starts: ['[*] ', '[{'],
    lastChars: ':[',
    located: true,
    markers: true,
  },
  create(sink) {
    return new RuffState(sink);
  },
};
