import type { LogLine } from '../../domain/index.js';
import { toSeverity } from '../shared/emit.js';
import type { BiomeFinding } from './finding.js';

const MAX_CHARS = 8 * 1024 * 1024;

/** The line and column (1-based) of a UTF-8 byte offset into `source` (1.x gives spans, not lines). */
function lineColAt(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  let bytes = 0;
  for (const ch of source) {
    if (bytes >= offset) break;
    const c = ch.codePointAt(0)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (ch === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

interface JsonDiagnostic {
  category?: unknown;
  severity?: unknown;
  message?: unknown;
  description?: unknown;
  location?: {
    path?: unknown;
    start?: { line?: number; column?: number };
    end?: { line?: number; column?: number };
    span?: unknown;
    sourceCode?: unknown;
  };
  advices?: { advices?: Array<{ log?: [unknown, Array<{ content?: unknown }>] }> };
}

/** 1.x lists its advices, the fix among them (`Safe fix: …`); 2.x leaves them out (unknown). */
function fixOf(d: JsonDiagnostic): boolean | undefined {
  const advices = d.advices?.advices;
  if (!Array.isArray(advices)) return undefined;
  for (const a of advices) {
    const text = (a?.log?.[1] ?? []).map((p) => (typeof p?.content === 'string' ? p.content : '')).join('');
    const m = /^(Safe|Unsafe|Suggested) fix\b/.exec(text);
    if (m) return m[1] === 'Safe';
  }
  return false;
}

/** One diagnostic of 2.x's shape (`location.start.line`) or 1.x's (`location.path.file`, a byte span). */
function finding(d: JsonDiagnostic): BiomeFinding | undefined {
  const loc = d.location ?? {};
  const path = typeof loc.path === 'string' ? loc.path : (loc.path as { file?: unknown } | undefined)?.file;
  const message = typeof d.message === 'string' ? d.message : d.description;
  if (typeof d.category !== 'string' || typeof message !== 'string') return undefined;
  const f: BiomeFinding = {
    category: d.category,
    severity: toSeverity(typeof d.severity === 'string' ? d.severity : 'error'),
    message: message.split('\n')[0]!,
    path: typeof path === 'string' ? path : undefined,
    fix: fixOf(d),
  };
  if (loc.start?.line) {
    f.line = loc.start.line;
    f.column = loc.start.column;
    f.endLine = loc.end?.line;
    f.endColumn = loc.end?.column;
  } else if (Array.isArray(loc.span) && typeof loc.sourceCode === 'string') {
    const at = lineColAt(loc.sourceCode, Number(loc.span[0]));
    f.line = at.line;
    f.column = at.column;
  }
  return f;
}

/**
 * `--reporter=json` (one line, `{"summary":…,"diagnostics":[…]}`) and `--reporter=json-pretty` (a `{`
 * alone, then `"summary": {` indented, through a `}` alone), collected within a bound.
 */
export class JsonReport {
  private parts: string[] | undefined;
  private size = 0;
  private first: LogLine | undefined;
  private brace: LogLine | undefined;

  constructor(private readonly done: (f: BiomeFinding, first: LogLine, last: number) => void) {}

  get open(): boolean {
    return this.parts !== undefined || this.brace !== undefined;
  }

  /** True when the line was part of a report. */
  line(l: LogLine): boolean {
    const t = l.text;
    if (this.parts) {
      this.parts.push(t);
      this.size += t.length;
      if (t === '}') this.finish(this.parts.join('\n'), this.first!, l.no);
      else if (this.size > MAX_CHARS) this.parts = undefined;
      return true;
    }
    const brace = this.brace;
    this.brace = undefined;
    if (brace && /^\s+"summary": \{/.test(t)) {
      this.parts = ['{', t];
      this.size = t.length;
      this.first = brace;
      return true;
    }
    if (t.startsWith('{"summary":')) {
      this.finish(t, l, l.no);
      return true;
    }
    if (t === '{') this.brace = l;
    return false;
  }

  private finish(text: string, first: LogLine, last: number): void {
    this.parts = undefined;
    let report: { diagnostics?: unknown };
    try {
      report = JSON.parse(text) as { diagnostics?: unknown };
    } catch {
      return;
    }
    if (!Array.isArray(report?.diagnostics)) return;
    for (const d of report.diagnostics as JsonDiagnostic[]) {
      const f = d && typeof d === 'object' ? finding(d) : undefined;
      if (f) this.done(f, first, last);
    }
  }
}
