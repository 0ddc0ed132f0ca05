import type { LogLine, ParsedDiagnostic, Severity } from '../../domain/index.js';

/** The log reference for a block of lines that starts at `first` and ends at line number `lastNo`. */
export function logRef(first: LogLine, lastNo: number = first.no): ParsedDiagnostic['log'] {
  const ref: ParsedDiagnostic['log'] = { step: first.step, lines: [first.no, Math.max(first.no, lastNo)] };
  if (first.file !== undefined) ref.file = first.file;
  return ref;
}

export interface DiagFields {
  tool: string;
  message: string;
  severity?: Severity;
  path?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  code?: string;
  codeUrl?: string;
  fixAvailable?: boolean;
  test?: { name: string; framework: string };
}

/** Builds a ParsedDiagnostic from flat fields, leaving out what the tool did not give. */
export function makeDiagnostic(from: LogLine, f: DiagFields, lastNo: number = from.no): ParsedDiagnostic {
  const d: ParsedDiagnostic = {
    message: f.message.trim(),
    severity: f.severity ?? 'error',
    source: { name: f.tool },
    log: logRef(from, lastNo),
  };
  if (f.path) {
    d.location = { path: f.path };
    if (f.line !== undefined && f.line > 0) {
      const start: { line: number; column?: number } = { line: f.line };
      if (f.column !== undefined && f.column > 0) start.column = f.column;
      d.location.range = { start };
      if (f.endLine !== undefined && f.endLine > 0) {
        const end: { line: number; column?: number } = { line: f.endLine };
        if (f.endColumn !== undefined && f.endColumn > 0) end.column = f.endColumn;
        d.location.range.end = end;
      }
    }
  }
  if (f.code) d.code = f.codeUrl ? { value: f.code, url: f.codeUrl } : { value: f.code };
  if (f.test) d.test = f.test;
  if (f.fixAvailable !== undefined) d.hints = { fixAvailable: f.fixAvailable };
  return d;
}

export function toSeverity(word: string | undefined): Severity {
  switch ((word ?? '').toLowerCase()) {
    case 'warning':
    case 'warn':
    case 'w':
      return 'warning';
    case 'note':
    case 'info':
    case 'information':
    case 'notice':
    case 'hint':
    case 'i':
      return 'info';
    default:
      return 'error';
  }
}

/** A parser whose every diagnostic is one line: `match` returns fields or undefined. */
export function lineParser(
  name: string,
  description: string,
  match: (line: LogLine) => DiagFields | undefined,
): {
  name: string;
  description: string;
  create: (sink: { diagnostic(d: ParsedDiagnostic): void }) => { line(l: LogLine): void; end(): void };
} {
  return {
    name,
    description,
    create(sink) {
      return {
        line(l) {
          const f = match(l);
          if (f) sink.diagnostic(makeDiagnostic(l, f));
        },
        end() {},
      };
    },
  };
}
