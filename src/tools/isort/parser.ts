import type { LogParser } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';

/** isort --check-only (`ERROR: PATH Imports are incorrectly sorted…`) and --diff (`--- PATH:before`). */
const CHECK = /^ERROR: (.+?) (Imports are incorrectly sorted and\/or formatted\.)$/;
const DIFF = /^--- (.+?):before(?:\t.*)?$/;

export const isortParser: LogParser = {
  name: 'isort',
  description: 'isort --check-only / --diff',
  interest: { firstChars: 'E-' },
  create(sink) {
    const seen = new Set<string>();
    return {
      line(l) {
        const t = l.text;
        if (t.startsWith('ERROR: ')) {
          const m = CHECK.exec(t);
          if (m && !seen.has(m[1]!)) {
            seen.add(m[1]!);
            sink.diagnostic(makeDiagnostic(l, { tool: 'isort', path: m[1]!, code: 'isort', message: m[2]! }));
          }
        } else if (t.startsWith('--- ')) {
          const d = DIFF.exec(t);
          if (d && !seen.has(d[1]!)) {
            seen.add(d[1]!);
            sink.diagnostic(
              makeDiagnostic(l, {
                tool: 'isort',
                path: d[1]!,
                code: 'isort',
                message: 'Imports are incorrectly sorted and/or formatted.',
              }),
            );
          }
        }
      },
      end() {},
    };
  },
};
