import type { LogLine, ParsedDiagnostic } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { makeDiagnostic, toSeverity } from '../shared/emit.js';

/**
 * mypy: `path:line[:col]: error|warning|note: message  [code]`. A note at the same place as the error
 * before it belongs to that error (hints such as "python3 -m pip install types-PyYAML") and is appended to
 * its message; a note on its own is an `info` diagnostic. `--pretty` wraps long messages onto following
 * lines and puts the code on its own line; those continuation lines are joined back.
 */
const LINE =
  /^((?:[A-Za-z]:)?[^:\s][^:]*\.pyi?):(\d+)(?::(\d+))?(?::\d+:\d+)?: (error|warning|note|info): (.*)$/;
const CODE_SUFFIX = /\s+\[([a-z][a-z0-9-]*)\]$/;

export const mypyParser: LogParser = {
  name: 'mypy',
  description: 'mypy errors with their notes, plain and --pretty',
  interest: { located: true },
  create(sink) {
    let current:
      { d: ParsedDiagnostic; path: string; line: number; wrapping: boolean; first: LogLine } | undefined;
    const flush = () => {
      if (current) sink.diagnostic(current.d);
      current = undefined;
    };
    return {
      get busy() {
        return current !== undefined;
      },
      line(l) {
        const t = l.text;
        const m = !l.located || t.indexOf('.py') === -1 ? null : LINE.exec(t);
        if (m) {
          const [path, lineNo, severityWord] = [m[1]!, Number(m[2]), m[4]!];
          let message = m[5]!;
          if (severityWord === 'note' && current && current.path === path && current.line === lineNo) {
            current.d.message += `\nnote: ${message.trim()}`;
            current.d.log.lines[1] = l.no;
            return;
          }
          flush();
          let code: string | undefined;
          const c = CODE_SUFFIX.exec(message);
          if (c) {
            code = c[1];
            message = message.slice(0, c.index);
          }
          const d = makeDiagnostic(l, {
            tool: 'mypy',
            path,
            line: lineNo,
            column: m[3] ? Number(m[3]) : undefined,
            severity: toSeverity(severityWord),
            message,
            code,
            codeUrl: code
              ? `https://mypy.readthedocs.io/en/stable/error_code_list.html#code-${code}`
              : undefined,
          });
          current = { d, path, line: lineNo, wrapping: severityWord !== 'note' && !code, first: l };
          return;
        }
        if (!current) return;
        if (current.wrapping && t.length > 0 && !t.startsWith('    ')) {
          // --pretty: the message goes on, and ends with `[code]` (possibly alone on its line).
          const c = /^(.*?)\s*\[([a-z][a-z0-9-]*)\]$/.exec(t);
          const more = (c ? c[1]! : t).trim();
          if (more) current.d.message += ` ${more}`;
          if (c) {
            current.d.code = {
              value: c[2]!,
              url: `https://mypy.readthedocs.io/en/stable/error_code_list.html#code-${c[2]}`,
            };
            current.wrapping = false;
          }
          current.d.log.lines[1] = l.no;
          return;
        }
        if (t.startsWith('    ')) return; // --pretty source excerpt and caret
        flush();
      },
      end: flush,
    };
  },
};
