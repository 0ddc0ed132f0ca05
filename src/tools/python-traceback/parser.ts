import type { LogLine, ParsedDiagnostic } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';
import { EXCEPTION_LINE, FRAME, pickFrame, type Frame } from '../shared/python-frames.js';

/**
 * Python tracebacks (`Traceback (most recent call last):` … `TypeError: …`) and the header-less
 * SyntaxError / IndentationError report (`  File "x.py", line 1` … `SyntaxError: invalid syntax`).
 * In a chain ("During handling of the above exception…") only the last exception is reported.
 */
const CHAIN = /^(During handling of the above exception|The above exception was the direct cause)/;

export const pythonTracebackParser: LogParser = {
  name: 'python',
  description: 'Python tracebacks, SyntaxError / IndentationError, ImportError / ModuleNotFoundError',
  // Idle, only a traceback's header (`…Traceback (most recent call last):`) or a frame (`  File "…"`,
  // after ASCII whitespace or none) starts something.
  interest: { firstChars: '\t\v\f\rF', afterIndent: 'F', lastChars: ':' },
  create(sink) {
    let tb: { first: LogLine; frames: Frame[]; syntaxOnly: boolean } | undefined;
    let pending: ParsedDiagnostic | undefined;
    const flush = () => {
      if (pending) sink.diagnostic(pending);
      pending = undefined;
    };
    return {
      get busy() {
        return tb !== undefined || pending !== undefined;
      },
      line(l) {
        const t = l.text;
        if (pending) {
          if (CHAIN.test(t)) {
            pending = undefined;
            return;
          }
          if (t.trim() !== '') flush();
        }
        if (t === 'Traceback (most recent call last):' || t.endsWith('Traceback (most recent call last):')) {
          tb = { first: l, frames: [], syntaxOnly: false };
          return;
        }
        const f = t.indexOf('File "') === -1 ? null : FRAME.exec(t);
        if (f) {
          if (!tb) {
            if (f[3] !== undefined) return; // a lone frame line, not a report
            tb = { first: l, frames: [], syntaxOnly: true };
          }
          if (tb.frames.length < 200) tb.frames.push({ path: f[1]!, line: Number(f[2]) });
          else tb.frames[tb.frames.length - 1] = { path: f[1]!, line: Number(f[2]) };
          return;
        }
        if (!tb) return;
        if (t.startsWith(' ') || t === '') {
          if (l.no - tb.first.no > 2000) tb = undefined;
          return;
        }
        const e = EXCEPTION_LINE.exec(t);
        if (e && (!tb.syntaxOnly || /^(SyntaxError|IndentationError|TabError)$/.test(e[1]!))) {
          const frame = pickFrame(tb.frames);
          const type = e[1]!.split('.').pop()!;
          pending = makeDiagnostic(
            tb.first,
            {
              tool: 'python',
              path: frame?.path,
              line: frame?.line,
              code: type,
              message: e[2] ? `${type}: ${e[2]}` : type,
            },
            l.no,
          );
        }
        tb = undefined;
      },
      end: flush,
    };
  },
};
