import type { Diagnostic } from '../../domain/index.js';
import { toolCommand, type Fixer } from '../fixer.js';
import { isOrganizeImports } from './categories.js';

/**
 * Biome's fix modes, each limited to what failed: `biome format --write` for the formatting,
 * `biome check --write` with its formatter and linter off for the assist actions (organize imports),
 * `biome lint --write --only=<rule>` for the rules with a safe fix. `--write` is Biome's name for it
 * since 1.8 (`--apply` before, and gone in 2.0).
 */
const biome = (d: Diagnostic) => d.fixability === 'deterministic' && d.source.name === 'biome';
const code = (d: Diagnostic) => d.code?.value ?? '';
const isAssist = (d: Diagnostic) => isOrganizeImports(code(d)) || code(d).startsWith('assist/');

/**
 * The rule whose fix Biome calls unsafe although it is the edit the rule asks for: removing an import
 * nothing uses (a side-effect import binds nothing, so the rule never names one).
 */
export const UNUSED_IMPORTS = 'lint/correctness/noUnusedImports';

export const biomeFormat: Fixer = {
  name: 'biome-format',
  phase: 'format',
  commit: { type: 'style', verb: 'format {n} file(s) with biome format' },
  appliesTo: (d) => biome(d) && code(d) === 'format',
  command: (files, _ds, ctx) => toolCommand(ctx, 'biome', ['format', '--write', ...files]),
};

export const biomeAssist: Fixer = {
  name: 'biome-assist',
  phase: 'imports',
  commit: { type: 'style', verb: 'organize imports in {n} file(s) with biome check --write' },
  appliesTo: (d) => biome(d) && isAssist(d),
  command: (files, _ds, ctx) =>
    toolCommand(ctx, 'biome', [
      'check',
      '--write',
      '--formatter-enabled=false',
      '--linter-enabled=false',
      ...files,
    ]),
};

/**
 * Safe fixes only, for the rules that failed; the fixes Biome calls unsafe too when the repository opted
 * in (`fixers.unsafe_fixes`). A GritQL plugin's finding cannot be named with `--only`: then every rule
 * runs on those files.
 */
export const biomeLint: Fixer = {
  name: 'biome-lint',
  phase: 'lint',
  commit: { type: 'fix', scope: 'lint', verb: 'fix {n} finding(s) with biome lint --write ({codes})' },
  appliesTo: (d) => biome(d) && !isAssist(d) && code(d) !== 'format' && code(d) !== UNUSED_IMPORTS,
  command: (files, ds, ctx) => {
    const rules = [...new Set(ds.map(code))].sort();
    const only = rules.every((r) => r.startsWith('lint/')) ? rules.map((r) => `--only=${r}`) : [];
    return toolCommand(ctx, 'biome', [
      'lint',
      '--write',
      ...(ctx.unsafeFixes ? ['--unsafe'] : []),
      ...only,
      ...files,
    ]);
  },
};

/** Unused imports removed with that rule's fix alone (`--unsafe` for it only), kept if the check proves it. */
export const biomeUnusedImports: Fixer = {
  name: 'biome-unused-imports',
  phase: 'lint',
  commit: {
    type: 'fix',
    scope: 'lint',
    verb: 'remove {n} unused import(s) with biome lint --write --unsafe --only=noUnusedImports',
  },
  appliesTo: (d) => biome(d) && code(d) === UNUSED_IMPORTS,
  command: (files, _ds, ctx) =>
    toolCommand(ctx, 'biome', ['lint', '--write', '--unsafe', `--only=${UNUSED_IMPORTS}`, ...files]),
};
