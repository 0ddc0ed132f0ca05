import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { makeDiagnostic, toSeverity } from '../shared/emit.js';

/**
 * staticcheck's three output formats: `text` (the default, `file.go:l:c: message (SA4006)`), `json` (an
 * object a line) and `stylish` (a file's path, then `  (l, c)  CODE  message` lines). Its checks are
 * SA (bugs), S (simplifications), ST (style), QF (quick fixes) and U1000 (unused code); `compile` is a
 * package that did not type-check.
 */
export const STATICCHECK_CODE = String.raw`(?:SA|S|ST|QF|U)\d{4}|compile`;
const TEXT = new RegExp(
  String.raw`^((?:[A-Za-z]:)?[^:\s][^:]*\.go):(\d+):(\d+): (.*) \((${STATICCHECK_CODE})\)$`,
);
/** A text line of staticcheck's: the go parser leaves these to this one. */
export const STATICCHECK_SUFFIX = new RegExp(String.raw`\.go:\d+:\d+: .* \((?:${STATICCHECK_CODE})\)$`);
const STYLISH = new RegExp(String.raw`^  \((\d+), (\d+)\)\s+(${STATICCHECK_CODE})\s+(.*)$`);
const PATH_LINE = /^(?:[A-Za-z]:)?[^\s:][^\s]*\.go$/;
const MAX_JSON = 64 * 1024;

interface JsonFinding {
  code?: unknown;
  severity?: unknown;
  location?: { file?: unknown; line?: unknown; column?: unknown };
  end?: { file?: unknown; line?: unknown; column?: unknown };
  message?: unknown;
}

class StaticcheckState implements ParserState {
  /** The file a stylish block is about (the bare path line before its findings). */
  private stylishFile: string | undefined;

  constructor(private readonly sink: ParserSink) {}

  line(l: LogLine): void {
    const t = l.text;
    const c0 = t.charCodeAt(0);
    if (c0 === 123 /* { */) return this.json(l, t);
    if (c0 === 32) {
      const s = this.stylishFile ? STYLISH.exec(t) : null;
      if (s) this.emit(l, this.stylishFile!, Number(s[1]), Number(s[2]), s[3]!, s[4]!);
      return;
    }
    this.stylishFile = t.endsWith('.go') && PATH_LINE.test(t) ? t : undefined;
    if (this.stylishFile || !l.located) return;
    const m = TEXT.exec(t);
    if (m) this.emit(l, m[1]!, Number(m[2]), Number(m[3]), m[5]!, m[4]!);
  }

  end(): void {}

  private json(l: LogLine, t: string): void {
    if (!t.startsWith('{"code":') || t.length > MAX_JSON) return;
    let f: JsonFinding;
    try {
      f = JSON.parse(t) as JsonFinding;
    } catch {
      return;
    }
    const file = f.location?.file;
    if (typeof f.code !== 'string' || typeof f.message !== 'string' || typeof file !== 'string') return;
    // `-show-ignored` prints the findings a `//lint:ignore` silenced: they do not fail the check.
    if (f.severity === 'ignored') return;
    const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
    this.sink.diagnostic(
      makeDiagnostic(l, {
        tool: 'staticcheck',
        path: file,
        line: num(f.location?.line),
        column: num(f.location?.column),
        endLine: f.end?.file ? num(f.end.line) : undefined,
        endColumn: f.end?.file ? num(f.end.column) : undefined,
        code: f.code,
        message: f.message,
        severity: toSeverity(typeof f.severity === 'string' ? f.severity : undefined),
      }),
    );
  }

  private emit(l: LogLine, path: string, line: number, column: number, code: string, message: string) {
    this.sink.diagnostic(makeDiagnostic(l, { tool: 'staticcheck', path, line, column, code, message }));
  }
}

export const staticcheckParser: LogParser = {
  name: 'staticcheck',
  description: 'staticcheck (text, json, stylish)',
  interest: { located: true, starts: ['{"code":'], lastChars: 'o' },
  create(sink) {
    return new StaticcheckState(sink);
  },
};
