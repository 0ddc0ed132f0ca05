import {
  isPackageManager,
  LOCKFILE_UPDATE,
  UNUSED_ESLINT_DIRECTIVE,
  type Diagnostic,
} from '../domain/index.js';
import { toolCommand, type Fixer } from './fixer.js';

const codes = (ds: Diagnostic[]) =>
  [...new Set(ds.map((d) => d.code?.value).filter((c): c is string => !!c))].sort();
const deterministic = (d: Diagnostic) => d.fixability === 'deterministic';
const ruffRule = (d: Diagnostic) =>
  deterministic(d) &&
  (d.source.name === 'ruff' || d.source.name === 'flake8') &&
  /^[A-Z]+\d+$/.test(d.code?.value ?? '');

/**
 * Rules whose fix ruff calls unsafe although it is exactly the edit the rule asks for: `== None` → `is
 * None`, `not x in y` → `x not in y`, trailing whitespace removed (unsafe to ruff only because the line
 * may sit inside a docstring or multi-line string; pre-commit's trailing-whitespace hook strips it there
 * too). Only these are promoted to safe (`lint.extend-safe-fixes`), only for the findings planned. E712
 * is not here: ruff turns `x == True` into a truth test, which is not the same code.
 */
export const UNSAFE_FIXES_ASKED_FOR = new Set(['E711', 'E713', 'E714', 'W291', 'W293']);

/** `ruff format` for ruff's format findings. */
export const ruffFormat: Fixer = {
  name: 'ruff-format',
  commit: { type: 'style', verb: 'format {n} file(s) with ruff format' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'ruff' && d.code?.value === 'format',
  command: (files, _ds, ctx) => toolCommand(ctx, 'ruff', ['format', '--no-cache', ...files]),
};

/**
 * `ruff check --fix` limited to the rules that failed (so the diff stays minimal). flake8's findings are
 * fixed with the same rule of ruff (pyflakes and pycodestyle codes are ruff's codes too; pycodestyle's
 * whitespace rules are preview rules there), and validated by flake8 itself when the check re-runs.
 */
export const ruffCheckFix: Fixer = {
  name: 'ruff-check',
  commit: { type: 'fix', scope: 'lint', verb: 'fix {n} finding(s) with ruff check --fix ({codes})' },
  appliesTo: (d) => ruffRule(d) && !d.unsafe_fix,
  command: (files, ds, ctx) => {
    const flake8 = ds.some((d) => d.source.name === 'flake8');
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
      ...(flake8 ? ['--preview'] : []),
      '--select',
      codes(ds).join(','),
      ...files,
    ]);
  },
};

/**
 * ruff's unsafe fixes (F841's removed assignment, UP031's rewritten format string …) as candidates: each
 * rule's own edit, tried only for the findings ruff called unsafe, kept only if the check proves it, and
 * said so in the commit. When it does not hold, the model is asked (deterministic-stage.ts).
 */
export const ruffCheckUnsafe: Fixer = {
  name: 'ruff-check-unsafe',
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
      ...(ds.some((d) => d.source.name === 'flake8') ? ['--preview'] : []),
      '--select',
      codes(ds).join(','),
      ...files,
    ]),
};

export const black: Fixer = {
  name: 'black',
  commit: { type: 'style', verb: 'format {n} file(s) with black' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'black',
  command: (files, _ds, ctx) => toolCommand(ctx, 'black', ['--quiet', ...files]),
};

export const isort: Fixer = {
  name: 'isort',
  commit: { type: 'style', verb: 'sort imports in {n} file(s) with isort' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'isort',
  command: (files, _ds, ctx) => toolCommand(ctx, 'isort', ['--quiet', ...files]),
};

export const eslintFix: Fixer = {
  name: 'eslint',
  commit: { type: 'fix', scope: 'lint', verb: 'fix {n} finding(s) with eslint --fix ({codes})' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'eslint',
  // An unused-directive finding may come from the check's `--report-unused-disable-directives` flag rather
  // than the project's config; the flag makes `--fix` remove them in the files it is given.
  command: (files, ds, ctx) =>
    toolCommand(ctx, 'eslint', [
      '--fix',
      ...(ds.some((d) => !d.code?.value && UNUSED_ESLINT_DIRECTIVE.test(d.message))
        ? ['--report-unused-disable-directives']
        : []),
      ...files,
    ]),
};

export const prettierWrite: Fixer = {
  name: 'prettier',
  commit: { type: 'style', verb: 'format {n} file(s) with prettier' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'prettier',
  command: (files, _ds, ctx) => toolCommand(ctx, 'prettier', ['--write', '--log-level', 'warn', ...files]),
};

/** The package manager regenerates a lockfile out of sync with package.json (a protected path: policy decides). */
export const lockfile: Fixer = {
  name: 'lockfile',
  commit: { type: 'fix', scope: 'deps', verb: 'sync the lockfile with package.json' },
  appliesTo: (d) => deterministic(d) && d.code?.value === 'lockfile-out-of-sync',
  command: (_files, ds, ctx) => {
    const source = ds[0]?.source.name ?? 'npm';
    const [tool, ...args] = LOCKFILE_UPDATE[isPackageManager(source) ? source : 'npm'];
    const quiet = tool === 'npm' ? ['--no-audit', '--no-fund'] : [];
    return toolCommand(ctx, tool, [...args, '--ignore-scripts', ...quiet]);
  },
};

/** The built-in fixers in their default order: formatters before lint fixers (a format can settle lint). */
export const builtinFixers = {
  isort,
  black,
  'ruff-format': ruffFormat,
  'ruff-check': ruffCheckFix,
  'ruff-check-unsafe': ruffCheckUnsafe,
  prettier: prettierWrite,
  eslint: eslintFix,
  lockfile,
} satisfies Record<string, Fixer>;
