import type { LogLine } from '../../domain/index.js';
import type { ParserSink } from '../parser.js';
import { makeDiagnostic, toSeverity } from '../shared/emit.js';
import { lintByMessage, lintInNote, messageShape } from './lint-codes.js';

/**
 * rustc's human format, as cargo build / check / test / clippy print it: a header `error[E0308]: msg` or
 * `warning: msg`, then ` --> path:line:col`, the source excerpt, notes and help, and a blank line. The
 * finding is emitted when its block ends, with the lint its notes name (a clippy finding's source is
 * `clippy`). Headers with no `-->` (`error: could not compile …`, `warning: … generated 3 warnings`) are
 * not findings. Also the short format `path:line:col: warning: msg` (`--message-format=short`).
 */
const HEADER = /^(error|warning)(?:\[([A-Z]\d{4}|[a-z_:]+)\])?: (.*)$/;
const ARROW = /^\s*--> ((?:[A-Za-z]:)?[^:]+\.rs):(\d+):(\d+)\s*$/;
const SHORT = /^((?:[A-Za-z]:)?[^:\s][^:]*\.rs):(\d+):(\d+): (error|warning)(?:\[([A-Z]\d{4})\])?: (.*)$/;
/**
 * A suggested edit shown in the block: a diff line (`12 -     return sum;`, newer rustc), the `~~~` under
 * a replacement (older), or an inline `help: …: `replacement`` after the carets.
 */
const SUGGESTION = /^\s*\d+ [-+~] |^\s*\|\s*~+\s*$|\^ help: .*: `.+`$/;
/** Lines of a block with no `-->` before the header is taken for one without a location. */
const ARROW_WITHIN = 3;
/** A block longer than this without its blank line is emitted anyway (a truncated log). */
const MAX_BLOCK = 400;

interface Block {
  header: LogLine;
  severity: string;
  code?: string;
  message: string;
  at?: { path: string; line: number; column: number };
  last: number;
  lint?: string;
  suggestion: boolean;
}

export class RustcReader {
  private block: Block | undefined;
  /** The lint each message shape was seen with in this step (rustc names a lint on its first finding only). */
  private readonly lintOf = new Map<string, string>();

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.block !== undefined;
  }

  /** Reads one line; true when it belonged to a rustc block or was a short-format finding. */
  line(l: LogLine): boolean {
    const t = l.text;
    const c0 = t.charCodeAt(0);
    const h = c0 === 101 /* e */ || c0 === 119 /* w */ ? HEADER.exec(t) : null;
    if (h) {
      this.flush();
      this.block = { header: l, severity: h[1]!, code: h[2], message: h[3]!, last: l.no, suggestion: false };
      return true;
    }
    const b = this.block;
    if (b) return this.inBlock(b, l, t);
    return l.located && t.includes('.rs:') && this.short(l, t);
  }

  end(): void {
    this.flush();
  }

  private inBlock(b: Block, l: LogLine, t: string): boolean {
    if (t.trim() === '') {
      this.flush();
      return false;
    }
    if (!b.at) {
      const a = ARROW.exec(t);
      if (a) {
        b.at = { path: a[1]!, line: Number(a[2]), column: Number(a[3]) };
        b.last = l.no;
        return true;
      }
      // Not the block's yet: the other readers see it (a header with no location is no block).
      if (l.no - b.header.no > ARROW_WITHIN) this.block = undefined;
      return false;
    }
    b.last = l.no;
    if (!b.lint && (t.includes('= note: ') || t.includes('= help: '))) b.lint = lintInNote(t);
    if (!b.suggestion && SUGGESTION.test(t)) b.suggestion = true;
    if (l.no - b.header.no > MAX_BLOCK) this.flush();
    return true;
  }

  private flush(): void {
    const b = this.block;
    this.block = undefined;
    if (!b?.at) return;
    const shape = messageShape(b.message);
    let code = b.code;
    if (!code && b.lint) {
      code = b.lint;
      if (this.lintOf.size < 1000) this.lintOf.set(shape, code);
    }
    code ??= this.lintOf.get(shape) ?? lintByMessage(b.message);
    const clippy = code?.startsWith('clippy::') === true;
    this.sink.diagnostic(
      makeDiagnostic(
        b.header,
        {
          tool: clippy ? 'clippy' : 'cargo',
          path: b.at.path,
          line: b.at.line,
          column: b.at.column,
          severity: toSeverity(b.severity),
          code,
          codeUrl: codeUrl(code),
          message: b.message,
          fixAvailable: b.suggestion || undefined,
        },
        b.last,
      ),
    );
  }

  private short(l: LogLine, t: string): boolean {
    const s = SHORT.exec(t);
    if (!s) return false;
    this.sink.diagnostic(
      makeDiagnostic(l, {
        tool: 'cargo',
        path: s[1]!,
        line: Number(s[2]),
        column: Number(s[3]),
        severity: toSeverity(s[4]),
        code: s[5] ?? lintByMessage(s[6]!),
        codeUrl: codeUrl(s[5]),
        message: s[6]!,
      }),
    );
    return true;
  }
}

function codeUrl(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (/^E\d{4}$/.test(code)) return `https://doc.rust-lang.org/error_codes/${code}.html`;
  if (code.startsWith('clippy::'))
    return `https://rust-lang.github.io/rust-clippy/master/index.html#${code.slice('clippy::'.length)}`;
  return undefined;
}
