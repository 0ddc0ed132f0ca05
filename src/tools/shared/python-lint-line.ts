import type { LogLine } from '../../domain/index.js';
import type { DiagFields } from './emit.js';

/**
 * `path:line:col: CODE message`: the format flake8, pycodestyle and ruff's concise (and pre-2025 default)
 * output share. Ruff adds `[*]` when a safe fix exists and names syntax errors `invalid-syntax:` /
 * `SyntaxError:` instead of a code.
 */
const LINE =
  /^((?:[A-Za-z]:)?[^:\s][^:]*):(\d+):(\d+): ([A-Z]{1,4}\d{1,4}|invalid-syntax:|SyntaxError:) (\[\*\] )?(.*)$/;

export interface PythonLintLine {
  fields: Omit<DiagFields, 'tool'>;
  /** True when the line itself proves ruff printed it. */
  ruffOnly: boolean;
  /** True when the message uses ruff's backtick quoting rather than flake8's single quotes. */
  backticks: boolean;
}

export function matchPythonLintLine(line: LogLine): PythonLintLine | undefined {
  const t = line.text;
  if (!line.located || t.indexOf(': ') === -1) return undefined;
  const m = LINE.exec(t);
  if (!m) return undefined;
  const rawCode = m[4]!;
  const named = rawCode.endsWith(':');
  const code = named ? rawCode.slice(0, -1) : rawCode;
  const message = m[6]!;
  const severity = !named && code.startsWith('W') ? 'warning' : 'error';
  return {
    fields: {
      path: m[1]!,
      line: Number(m[2]),
      column: Number(m[3]),
      code,
      message,
      severity,
      fixAvailable: m[5] ? true : undefined,
    },
    ruffOnly: Boolean(m[5]) || code === 'invalid-syntax',
    backticks: message.includes('`'),
  };
}

/** Who printed an ambiguous line, given what the step ran. */
export function pythonLintOwner(
  l: PythonLintLine,
  step: { ruff: boolean; flake8: boolean; ruffSummary: boolean },
): 'ruff' | 'flake8' {
  if (l.ruffOnly) return 'ruff';
  const ruff = step.ruff || step.ruffSummary;
  if (ruff && !step.flake8) return 'ruff';
  if (step.flake8 && !ruff) return 'flake8';
  return l.backticks ? 'ruff' : 'flake8';
}

/** Ruff's closing lines: `Found 3 errors.`, `[*] 2 fixable with the `--fix` option.` */
export function isRuffSummary(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 70 /* F */) return /^Found \d+ errors?\./.test(text);
  if (c === 65 /* A */) return text.startsWith('All checks passed!');
  return c === 91 /* [ */ && text.startsWith('[*] ') && text.includes('fixable with the `--fix` option');
}
