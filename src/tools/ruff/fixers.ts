import type { Diagnostic } from '../../domain/index.js';
import { toolCommand, type Fixer } from '../fixer.js';

const codes = (ds: Diagnostic[]) =>
  [...new Set(ds.map((d) => d.code?.value).filter((c): c is string => !!c))].sort();
const deterministic = (d: Diagnostic) => d.fixability === 'deterministic';
// flake8's findings are fixed by ruff's rule of the same code (see ../flake8).
const ruffRule = (d: Diagnostic) =>
  deterministic(d) &&
  (d.source.name === 'ruff' || d.source.name === 'flake8') &&
  /^[A-Z]+\d+$/.test(d.code?.value ?? '');
// pycodestyle's whitespace rules are preview rules in ruff.
const preview = (ds: Diagnostic[]) => (ds.some((d) => d.source.name === 'flake8') ? ['--preview'] : []);

/**
 * Rules whose fix ruff calls unsafe although it is exactly the edit the rule asks for: `== None` → `is
 * None`, `not x in y` → `x not in y`, trailing whitespace removed (unsafe to ruff only because the line
 * may sit inside a docstring or multi-line string; pre-commit's trailing-whitespace hook strips it there
 * too). Only these are promoted to safe (`lint.extend-safe-fixes`), only for the findings planned. E712
 * is not here: ruff turns `x == True` into a truth test, which is not the same code.
 */
export const UNSAFE_FIXES_ASKED_FOR: ReadonlySet<string> = new Set(['E711', 'E713', 'E714', 'W291', 'W293']);

/** `ruff format` for ruff's format findings. */
export const ruffFormat: Fixer = {
  name: 'ruff-format',
  phase: 'format',
  commit: { type: 'style', verb: 'format {n} file(s) with ruff format' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'ruff' && d.code?.value === 'format',
  command: (files, _ds, ctx) => toolCommand(ctx, 'ruff', ['format', '--no-cache', ...files]),
};

/**
 * `ruff check --fix` limited to the rules that failed (so the diff stays minimal). flake8's findings are
 * fixed with the same rule of ruff, and validated by flake8 itself when the check re-runs.
 */
export const ruffCheckFix: Fixer = {
  name: 'ruff-check',
  phase: 'lint',
  commit: { type: 'fix', scope: 'lint', verb: 'fix {n} finding(s) with ruff check --fix ({codes})' },
  appliesTo: (d) => ruffRule(d) && !d.unsafe_fix,
  command: (files, ds, ctx) => {
    const promoted = codes(ds).filter((c) => UNSAFE_FIXES_ASKED_FOR.has(c));
    return toolCommand(ctx, 'ruff', [
      'check',
      '--fix',
      '--no-cache',
      ...(ctx.unsafeFixes
        ? ['--unsafe-fixes']
        : promoted.length
          ? ['--config', `lint.extend-safe-fixes = [${promoted.map((c) => `'${c}'`).join(', ')}]`]
          : []),
      ...preview(ds),
      '--select',
      codes(ds).join(','),
      ...files,
    ]);
  },
};

/**
 * ruff's unsafe fixes (F841's removed assignment, UP031's rewritten format string …) as candidates: each
 * rule's own edit, tried only for the findings ruff called unsafe, kept only if the check proves it, and
 * said so in the commit. When it does not hold, the model is asked.
 */
export const ruffCheckUnsafe: Fixer = {
  name: 'ruff-check-unsafe',
  phase: 'lint',
  commit: {
    type: 'fix',
    scope: 'lint',
    verb: 'fix {n} finding(s) with ruff check --fix --unsafe-fixes ({codes}), a fix ruff calls unsafe, proven by the check',
  },
  candidate: true,
  appliesTo: (d) => ruffRule(d) && !!d.unsafe_fix,
  command: (files, ds, ctx) =>
    toolCommand(ctx, 'ruff', [
      'check',
      '--fix',
      '--unsafe-fixes',
      '--no-cache',
      ...preview(ds),
      '--select',
      codes(ds).join(','),
      ...files,
    ]),
};
