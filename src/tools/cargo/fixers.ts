import type { Diagnostic } from '../../domain/index.js';
import { toolCommand, type Fixer } from '../fixer.js';
import { LINT_NAME } from './lint-codes.js';

const deterministic = (d: Diagnostic) => d.fixability === 'deterministic';

/** A lint's finding, rustc's (`unused_imports`) or clippy's (`clippy::needless_return`). */
export const isLint = (d: Diagnostic): boolean =>
  d.source.name === 'clippy' || (d.source.name === 'cargo' && LINT_NAME.test(d.code?.value ?? ''));

/** The lints of these findings, as flags: names from a log reach argv only when they are lint names. */
export function lintFlags(ds: Diagnostic[]): string[] {
  const lints = [...new Set(ds.map((d) => d.code?.value ?? ''))].filter((c) => LINT_NAME.test(c)).sort();
  return lints.flatMap((c) => ['-W', c]);
}

/**
 * `cargo fmt --all`, not `rustfmt FILES`: rustfmt alone parses as Rust 2015 (an `async fn` is an error
 * there), and the edition is in each package's Cargo.toml, which cargo fmt reads. Files already formatted
 * are left as they are, so the change is the files `cargo fmt --check` reported.
 */
export const rustfmtFixer: Fixer = {
  name: 'rustfmt',
  phase: 'format',
  commit: { type: 'style', verb: 'format {n} file(s) with cargo fmt' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'rustfmt',
  command: (_files, _ds, ctx) => toolCommand(ctx, 'cargo-fmt', ['fmt', '--all']),
};

/**
 * `cargo clippy --fix` applies the machine-applicable suggestions (of rustc's lints and clippy's), never
 * the ones clippy calls maybe incorrect. It compiles the whole workspace, so the lints that failed are
 * the only ones left on (`-A clippy::all -A unused`, then `-W` each): the diff stays the fix of what the
 * check reported. `--allow-no-vcs`: in the sandbox the worktree's git folder may not be visible, and
 * cargo refuses to fix files it cannot see are committed. `fixers.args.clippy` are lint flags (after `--`).
 */
export const clippyFixer: Fixer = {
  name: 'clippy',
  phase: 'lint',
  commit: { type: 'fix', scope: 'lint', verb: 'fix {n} finding(s) with cargo clippy --fix ({codes})' },
  appliesTo: (d) => deterministic(d) && isLint(d),
  command: (_files, ds, ctx) =>
    toolCommand(ctx, 'cargo-clippy', [
      'clippy',
      '--fix',
      '--allow-dirty',
      '--allow-staged',
      '--allow-no-vcs',
      '--workspace',
      '--',
      '-A',
      'clippy::all',
      '-A',
      'unused',
      ...lintFlags(ds),
    ]),
};
