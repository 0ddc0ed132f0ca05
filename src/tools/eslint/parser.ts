import type { LogLine } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { makeDiagnostic, toSeverity, type DiagFields } from '../shared/emit.js';
import { JsonArrayBlock } from '../shared/json-block.js';

/**
 * eslint in its four common formats: stylish (a file header, then `  line:col  severity  message  rule`),
 * compact (`path: line L, col C, Error - msg (rule)`), unix (`path:l:c: msg [Error/rule]`) and json.
 */
const STYLISH = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)(?:\s{2,}(@?[\w-]+(?:\/[\w-]+)*))?\s*$/;
const COMPACT =
  /^((?:[A-Za-z]:)?[^:]+): line (\d+), col (\d+), (Error|Warning) - (.*?)(?: \((@?[\w-]+(?:\/[\w-]+)*)\))?$/;
const UNIX =
  /^((?:[A-Za-z]:)?[^:\s][^:]*):(\d+):(\d+): (.*) \[(Error|Warning)(?:\/(@?[\w-]+(?:\/[\w-]+)*))?\]$/;

const LINTED = new Set([
  'js',
  'jsx',
  'ts',
  'tsx',
  'mjs',
  'cjs',
  'mts',
  'cts',
  'vue',
  'svelte',
  'astro',
  'json',
  'md',
]);

/** A bare path to a file eslint lints (no regex: this runs on every unindented line). */
function looksLikeSourcePath(t: string): boolean {
  const last = t.charCodeAt(t.length - 1);
  if (last < 97 || last > 122) return false; // every extension above ends in a lower-case letter
  const dot = t.lastIndexOf('.');
  if (dot <= 0 || !LINTED.has(t.slice(dot + 1).trimEnd())) return false;
  return (
    !t.includes(': ') &&
    (!t.includes(' ') || t.charCodeAt(0) === 47 /* / */ || t.charCodeAt(1) === 58) /* C: */
  );
}

function ruleUrl(rule: string | undefined): string | undefined {
  if (!rule) return undefined;
  if (!rule.includes('/')) return `https://eslint.org/docs/latest/rules/${rule}`;
  if (rule.startsWith('@typescript-eslint/')) return `https://typescript-eslint.io/rules/${rule.slice(19)}`;
  return undefined;
}

function fields(
  path: string,
  line: string,
  col: string,
  sev: string,
  message: string,
  rule?: string,
): DiagFields {
  return {
    tool: 'eslint',
    path,
    line: Number(line),
    column: Number(col),
    severity: toSeverity(sev),
    message,
    code: rule,
    codeUrl: ruleUrl(rule),
  };
}

/** The last characters of the file names looksLikeSourcePath accepts (a stylish file header). */
const HEADER_ENDS = [...new Set([...LINTED].map((ext) => ext.charAt(ext.length - 1)))].join('');

export const eslintParser: LogParser = {
  name: 'eslint',
  description: 'eslint stylish, compact, unix and json formats',
  // What an idle state acts on: json (`[{"filePath":`, on one line), a stylish file header (a path ending in a linted
  // extension), and compact / unix lines (`path: line L, col C, …` and `path:l:c: … [Error/rule]`, both
  // located). Indented and blank lines matter only once a header was seen, when the state is busy.
  interest: { starts: ['[{'], lastChars: HEADER_ENDS, located: true },
  create(sink) {
    let file: string | undefined;
    let candidate: string | undefined;
    const json = new JsonArrayBlock((t) => t.startsWith('[{"filePath":'));
    const emitJson = (l: LogLine, value: unknown[], first: number, last: number) => {
      for (const f of value) {
        const file = f as { filePath?: string; messages?: unknown[] };
        if (typeof file?.filePath !== 'string' || !Array.isArray(file.messages)) continue;
        for (const raw of file.messages) {
          const m = raw as {
            ruleId?: string | null;
            severity?: number;
            message?: string;
            line?: number;
            column?: number;
            endLine?: number;
            endColumn?: number;
            fix?: unknown;
          };
          if (typeof m?.message !== 'string') continue;
          const d = fields(
            file.filePath,
            String(m.line ?? 0),
            String(m.column ?? 0),
            m.severity === 1 ? 'warning' : 'error',
            m.message,
            m.ruleId ?? undefined,
          );
          d.endLine = m.endLine;
          d.endColumn = m.endColumn;
          d.fixAvailable = m.fix !== undefined;
          sink.diagnostic(makeDiagnostic({ ...l, no: first }, d, last));
        }
      }
    };
    return {
      // A file header (or its candidate) takes the indented `line:col  error  msg` lines after it.
      get busy() {
        return file !== undefined || candidate !== undefined || json.open;
      },
      line(l) {
        const t = l.text;
        const block = json.line(t, l.no);
        if (block) return emitJson(l, block.value, block.first, block.last);
        if (t.length === 0) {
          file = undefined;
          candidate = undefined;
          return;
        }
        if (t.charCodeAt(0) === 32 /* space */) {
          const m = file || candidate ? STYLISH.exec(t) : null;
          if (m) {
            file = file ?? candidate;
            sink.diagnostic(makeDiagnostic(l, fields(file!, m[1]!, m[2]!, m[3]!, m[4]!, m[5])));
          }
          return;
        }
        file = undefined;
        if (l.located && t.includes(': line ')) {
          const c = COMPACT.exec(t);
          if (c) return sink.diagnostic(makeDiagnostic(l, fields(c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6])));
        }
        if (l.located && t.endsWith(']')) {
          const u = UNIX.exec(t);
          if (u) return sink.diagnostic(makeDiagnostic(l, fields(u[1]!, u[2]!, u[3]!, u[5]!, u[4]!, u[6])));
        }
        // A stylish file header is a bare path on its own line.
        candidate = looksLikeSourcePath(t) ? t.trim() : undefined;
      },
      end() {},
    };
  },
};
