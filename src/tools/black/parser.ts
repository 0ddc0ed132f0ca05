import type { LogParser } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';

/**
 * black --check and --diff: `would reformat PATH`, `error: cannot format PATH: Cannot parse: L:C: …`,
 * and `--- PATH<TAB>date` / `+++ PATH<TAB>date` diff headers (black stamps both; isort's say `:before`).
 */
const WOULD = /^would reformat (.+)$/;
const CANNOT =
  /^error: cannot format (.+?): (Cannot parse(?: for target version [^:]+)?: (\d+):(\d+)(?::.*)?|.*)$/;
const COMPACT = /^error:((?:[A-Za-z]:)?[^:\s][^:]*):(\d+):(\d+):(.*)$/;
const DIFF_OLD = /^--- (.+?)\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;
const DIFF_NEW = /^\+\+\+ (.+?)\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;

export const blackParser: LogParser = {
  name: 'black',
  description: 'black --check / --diff',
  interest: { firstChars: 'we-+' },
  create(sink) {
    let diffFrom: string | undefined;
    return {
      get busy() {
        return diffFrom !== undefined;
      },
      line(l) {
        const t = l.text;
        const c0 = t.charCodeAt(0);
        if (c0 === 119 /* w */) {
          const w = WOULD.exec(t);
          if (w)
            sink.diagnostic(
              makeDiagnostic(l, { tool: 'black', path: w[1]!, code: 'format', message: 'would reformat' }),
            );
        } else if (c0 === 101 /* e */ && t.startsWith('error:')) {
          const c = CANNOT.exec(t);
          if (c) {
            sink.diagnostic(
              makeDiagnostic(l, {
                tool: 'black',
                path: c[1]!,
                line: c[3] ? Number(c[3]) : undefined,
                column: c[4] ? Number(c[4]) : undefined,
                code: c[3] ? 'parse' : 'error',
                message: c[2]!,
              }),
            );
            return;
          }
          const k = COMPACT.exec(t);
          if (k)
            sink.diagnostic(
              makeDiagnostic(l, {
                tool: 'black',
                path: k[1]!,
                line: Number(k[2]),
                column: Number(k[3]),
                code: 'parse',
                message: k[4]!,
              }),
            );
        } else if (c0 === 45 /* - */) {
          const d = DIFF_OLD.exec(t);
          diffFrom = d ? d[1] : undefined;
        } else if (c0 === 43 /* + */ && diffFrom) {
          const d = DIFF_NEW.exec(t);
          if (d && d[1] === diffFrom)
            sink.diagnostic(
              makeDiagnostic(
                l,
                { tool: 'black', path: d[1]!, code: 'format', message: 'would reformat' },
                l.no,
              ),
            );
          diffFrom = undefined;
        }
      },
      end() {},
    };
  },
};
