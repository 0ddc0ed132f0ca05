import type { ParsedDiagnostic } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { makeDiagnostic, toSeverity } from '../shared/emit.js';

/**
 * tsc: `path(line,col): error TS2304: message` (--pretty false, and what CI prints without a TTY) and
 * `path:line:col - error TS2304: message` (--pretty). Indented lines after a plain-style error continue
 * its message (the elaboration chain); pretty mode's source excerpt is skipped.
 */
const PAREN = /^((?:[A-Za-z]:)?[^()\s][^()]*)\((\d+),(\d+)\): (error|warning|message) TS(\d+): (.*)$/;
const PRETTY = /^((?:[A-Za-z]:)?[^:\s][^:]*):(\d+):(\d+) - (error|warning|message) TS(\d+): (.*)$/;
const GLOBAL = /^(error|warning) TS(\d+): (.*)$/;

export const tscParser: LogParser = {
  name: 'tsc',
  description: 'TypeScript compiler, plain `file(l,c)` and pretty `file:l:c` styles',
  interest: { located: true, firstChars: 'ew' },
  create(sink) {
    let current: ParsedDiagnostic | undefined;
    const flush = () => {
      if (current) sink.diagnostic(current);
      current = undefined;
    };
    return {
      get busy() {
        return current !== undefined;
      },
      line(l) {
        const t = l.text;
        if (t.indexOf('TS') !== -1) {
          // `error TS5083: …` carries no location; the file ones do.
          const m = PAREN.exec(t) ?? PRETTY.exec(t);
          if (m) {
            flush();
            current = makeDiagnostic(l, {
              tool: 'tsc',
              path: m[1]!,
              line: Number(m[2]),
              column: Number(m[3]),
              severity: toSeverity(m[4]),
              code: `TS${m[5]}`,
              message: m[6]!,
            });
            return;
          }
          const g = GLOBAL.exec(t);
          if (g) {
            flush();
            current = makeDiagnostic(l, {
              tool: 'tsc',
              severity: toSeverity(g[1]),
              code: `TS${g[2]}`,
              message: g[3]!,
            });
            return;
          }
        }
        if (
          current &&
          t.startsWith('  ') &&
          t.trim() &&
          current.log.lines[1] === l.no - 1 &&
          !/^\s*\d+\s/.test(t)
        ) {
          current.message += `\n${t.trim()}`;
          current.log.lines[1] = l.no;
          return;
        }
        flush();
      },
      end: flush,
    };
  },
};
