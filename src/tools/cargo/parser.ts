import type { LogLine } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { makeDiagnostic, toSeverity } from '../shared/emit.js';

/**
 * cargo / rustc / clippy: `error[E0425]: message` or `warning: message`, then ` --> path:line:col`; and the
 * short format `path:line:col: warning: message` (--message-format=short). Headers with no `-->` (the
 * closing `error: could not compile …`) are not diagnostics.
 */
const HEADER = /^(error|warning)(?:\[([A-Z]\d{4}|[a-z_:]+)\])?: (.*)$/;
const ARROW = /^\s*--> ((?:[A-Za-z]:)?[^:]+\.rs):(\d+):(\d+)\s*$/;
const SHORT = /^((?:[A-Za-z]:)?[^:\s][^:]*\.rs):(\d+):(\d+): (error|warning)(?:\[([A-Z]\d{4})\])?: (.*)$/;

export const cargoParser: LogParser = {
  name: 'cargo',
  description: 'cargo build / check / clippy and rustc',
  interest: { located: true, firstChars: 'ew' },
  create(sink) {
    let header: { line: LogLine; severity: string; code?: string; message: string } | undefined;
    return {
      get busy() {
        return header !== undefined;
      },
      line(l) {
        const t = l.text;
        const c0 = t.charCodeAt(0);
        if (c0 === 101 /* e */ || c0 === 119 /* w */) {
          const h = HEADER.exec(t);
          if (h) {
            header = { line: l, severity: h[1]!, code: h[2], message: h[3]! };
            return;
          }
        }
        if (header) {
          const a = ARROW.exec(t);
          if (a) {
            const code = header.code;
            sink.diagnostic(
              makeDiagnostic(
                header.line,
                {
                  tool: 'cargo',
                  path: a[1]!,
                  line: Number(a[2]),
                  column: Number(a[3]),
                  severity: toSeverity(header.severity),
                  code,
                  codeUrl:
                    code && /^E\d{4}$/.test(code)
                      ? `https://doc.rust-lang.org/error_codes/${code}.html`
                      : undefined,
                  message: header.message,
                },
                l.no,
              ),
            );
            header = undefined;
            return;
          }
          if (l.no - header.line.no > 2) header = undefined;
        }
        if (l.located && t.includes('.rs:')) {
          const s = SHORT.exec(t);
          if (s)
            sink.diagnostic(
              makeDiagnostic(l, {
                tool: 'cargo',
                path: s[1]!,
                line: Number(s[2]),
                column: Number(s[3]),
                severity: toSeverity(s[4]),
                code: s[5],
                message: s[6]!,
              }),
            );
        }
      },
      end() {},
    };
  },
};
