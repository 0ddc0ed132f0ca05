import type { Severity } from '../../domain/index.js';
import { lineParser } from '../shared/emit.js';

/**
 * pylint's default text format `path:line:col: C0410: message (symbol)` and the parseable format
 * `path:line: [C0410(symbol), obj] message`. The letter of the code is the severity class:
 * https://pylint.readthedocs.io/en/stable/user_guide/usage/output.html
 */
const TEXT = /^((?:[A-Za-z]:)?[^:\s][^:]*):(\d+):(\d+): ([CRWEFI]\d{4}): (.*?)(?: \(([a-z][a-z0-9-]*)\))?$/;
const PARSEABLE = /^((?:[A-Za-z]:)?[^:\s][^:]*):(\d+): \[([CRWEFI]\d{4})\(([a-z][a-z0-9-]*)\)[^\]]*\] (.*)$/;

function severityOf(code: string): Severity {
  const c = code[0];
  return c === 'E' || c === 'F' ? 'error' : c === 'W' ? 'warning' : 'info';
}

const parsePylint = lineParser('pylint', 'pylint text and parseable formats', (l) => {
  const t = l.text;
  if (!l.located || t.indexOf('.py:') === -1) return undefined;
  const m = TEXT.exec(t);
  if (m) {
    // pylint columns are 0-based; Diagnostic columns are 1-based.
    return {
      tool: 'pylint',
      path: m[1]!,
      line: Number(m[2]),
      column: Number(m[3]) + 1,
      code: m[4]!,
      codeUrl: m[6] ? `https://pylint.readthedocs.io/en/stable/search.html?q=${m[6]}` : undefined,
      message: m[6] ? `${m[5]} (${m[6]})` : m[5]!,
      severity: severityOf(m[4]!),
    };
  }
  const p = PARSEABLE.exec(t);
  if (p)
    return {
      tool: 'pylint',
      path: p[1]!,
      line: Number(p[2]),
      code: p[3]!,
      message: `${p[5]} (${p[4]})`,
      severity: severityOf(p[3]!),
    };
  return undefined;
});

export const pylintParser = { ...parsePylint, interest: { located: true } };
