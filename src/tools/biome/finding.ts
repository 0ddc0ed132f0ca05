import type { LogLine, ParsedDiagnostic, Severity } from '../../domain/index.js';
import { makeDiagnostic } from '../shared/emit.js';
import {
  categoryUrl,
  isConfiguration,
  isEcho,
  isFinding,
  isOrganizeImports,
  severityMark,
} from './categories.js';

/** One diagnostic as Biome printed it, in any of its reporters, before it becomes ci-autofix's. */
export interface BiomeFinding {
  category: string;
  severity: Severity;
  message: string;
  path?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /**
   * Whether Biome has a safe fix for it: its default reporter says (`Safe fix:` / `Unsafe fix:` under a
   * `FIXABLE` header); the others do not (undefined).
   */
  fix?: boolean;
}

/** A `path:line:col` or a bare path. */
export function splitLocation(loc: string): { path: string; line?: number; column?: number } {
  const b = loc.lastIndexOf(':');
  const a = b > 0 ? loc.lastIndexOf(':', b - 1) : -1;
  if (a > 0 && /^\d+$/.test(loc.slice(a + 1, b)) && /^\d+$/.test(loc.slice(b + 1)))
    return { path: loc.slice(0, a), line: Number(loc.slice(a + 1, b)), column: Number(loc.slice(b + 1)) };
  return { path: loc };
}

export const CATEGORY = /^[A-Za-z][\w/]*$/;

/**
 * `--reporter=concise`: `× path:line:col: category: message`, or `× path: category: message` for a
 * whole file (format). Parsed by hand: no regex backtracks over the line.
 */
export function conciseLine(t: string): BiomeFinding | undefined {
  const severity = severityMark(t.charAt(0));
  if (!severity || t.charCodeAt(1) !== 32) return undefined;
  const rest = t.slice(2);
  const i = rest.indexOf(': ');
  const j = i < 0 ? -1 : rest.indexOf(': ', i + 2);
  if (j < 0) return undefined;
  const category = rest.slice(i + 2, j);
  if (!CATEGORY.test(category)) return undefined;
  return { ...splitLocation(rest.slice(0, i)), category, severity, message: rest.slice(j + 2) };
}

/** The finding as a diagnostic, or undefined when it is none (a summary, an info, a file's echo). */
export function toDiagnostic(f: BiomeFinding, from: LogLine, lastNo: number): ParsedDiagnostic | undefined {
  const c = f.category;
  if (!f.path || !isFinding(c) || isEcho(c, f.message) || f.severity === 'info') return undefined;
  if (isConfiguration(c) && f.severity !== 'error') return undefined;
  // Formatting and Biome's assist actions (organize imports) are always safe fixes.
  const fix = c === 'format' || isOrganizeImports(c) || c.startsWith('assist/') ? true : f.fix;
  return makeDiagnostic(
    from,
    {
      tool: 'biome',
      path: f.path,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      code: c,
      codeUrl: categoryUrl(c),
      message: f.message,
      severity: f.severity,
      fixAvailable: fix,
    },
    lastNo,
  );
}

/** Twins: the same finding in two reporters (a GitHub command's path may be absolute). */
export function sameFinding(a: BiomeFinding, b: BiomeFinding): boolean {
  if (a.category !== b.category) return false;
  // A whole-file finding (format) has no position in the default reporter, a made-up one in GitHub's.
  if (a.line !== undefined && b.line !== undefined && (a.line !== b.line || a.column !== b.column))
    return false;
  const pa = (a.path ?? '').replace(/^\.\//, '');
  const pb = (b.path ?? '').replace(/^\.\//, '');
  return pa === pb || pa.endsWith(`/${pb}`) || pb.endsWith(`/${pa}`);
}
