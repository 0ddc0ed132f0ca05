import type { LogParser } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';

/**
 * prettier --check: `[warn] path` for each unformatted file (the closing `[warn] Code style issues …`
 * line is not a file), and `[error] path: SyntaxError: msg (l:c)` for files it cannot parse.
 */
const ERROR = /^\[error\] ((?:[A-Za-z]:)?[^:]+): (\w*Error): (.*?)(?: \((\d+):(\d+)\))?$/;

export const prettierParser: LogParser = {
  name: 'prettier',
  description: 'prettier --check / --list-different',
  interest: { starts: ['[warn] ', '[error] '] },
  create(sink) {
    return {
      line(l) {
        const t = l.text;
        if (t.startsWith('[warn] ')) {
          const path = t.slice(7).trim();
          if (!path || path.includes(' ') || /^Code style issues/.test(path)) return;
          sink.diagnostic(
            makeDiagnostic(l, {
              tool: 'prettier',
              path,
              code: 'format',
              message: 'File is not formatted with Prettier',
              severity: 'warning',
            }),
          );
        } else if (t.startsWith('[error] ')) {
          const m = ERROR.exec(t);
          if (m)
            sink.diagnostic(
              makeDiagnostic(l, {
                tool: 'prettier',
                path: m[1]!,
                line: m[4] ? Number(m[4]) : undefined,
                column: m[5] ? Number(m[5]) : undefined,
                code: m[2]!,
                message: m[3]!,
              }),
            );
        }
      },
      end() {},
    };
  },
};
