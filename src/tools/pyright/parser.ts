import type { ParsedDiagnostic } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { makeDiagnostic, toSeverity } from '../shared/emit.js';

/**
 * pyright's CLI: a file header, then `  path:line:col - error: message`, continuation lines indented
 * deeper, the rule in parentheses at the end: `(reportReturnType)`.
 */
const LINE = /^(\s*)((?:[A-Za-z]:)?[^:\s][^:]*):(\d+):(\d+) - (error|warning|information): (.*)$/;
const RULE = /\s*\((report[A-Za-z]+)\)$/;

export const pyrightParser: LogParser = {
  name: 'pyright',
  description: 'pyright / basedpyright CLI output',
  interest: { located: true },
  create(sink) {
    let current: { d: ParsedDiagnostic; indent: number } | undefined;
    const finish = () => {
      if (!current) return;
      const r = RULE.exec(current.d.message);
      if (r) {
        current.d.code = {
          value: r[1]!,
          url: `https://microsoft.github.io/pyright/#/configuration?id=${r[1]}`,
        };
        current.d.message = current.d.message.slice(0, r.index);
      }
      sink.diagnostic(current.d);
      current = undefined;
    };
    return {
      get busy() {
        return current !== undefined;
      },
      line(l) {
        const t = l.text;
        // Needles that start with a space are slow on space-padded lines (pytest -v); look for `.py` and `- ` first.
        const m = !l.located || t.indexOf('.py') === -1 ? null : LINE.exec(t);
        if (m) {
          finish();
          current = {
            indent: m[1]!.length,
            d: makeDiagnostic(l, {
              tool: 'pyright',
              path: m[2]!,
              line: Number(m[3]),
              column: Number(m[4]),
              severity: toSeverity(m[5]),
              message: m[6]!,
            }),
          };
          return;
        }
        if (current) {
          const indent = t.length - t.trimStart().length;
          if (t.trim() && indent > current.indent) {
            current.d.message += `\n${t.trim()}`;
            current.d.log.lines[1] = l.no;
            return;
          }
          finish();
        }
      },
      end: finish,
    };
  },
};
