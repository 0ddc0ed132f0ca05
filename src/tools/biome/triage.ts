import type { ParsedDiagnostic } from '../../domain/index.js';
import { REASONS, v, type Verdict } from '../verdict.js';
import { isConfiguration, isOrganizeImports, isParse } from './categories.js';
import { UNUSED_IMPORTS } from './fixers.js';

/** Rules about what a module imports or which names exist: an `import` finding, as eslint's are. */
const IMPORT_RULES = /\/(noUnusedImports|noUndeclaredVariables|noUnresolvedImports|useImportExtensions)$/;

export function biomeVerdict(d: ParsedDiagnostic): Verdict {
  const code = d.code?.value ?? '';
  const fix = d.hints?.fixAvailable;
  if (code === 'format') return v('format', 'deterministic', 'biome format --write rewrites the file');
  if (isOrganizeImports(code))
    return v(
      'import',
      'deterministic',
      "biome check --write sorts the imports (Biome's organize-imports action)",
    );
  if (code.startsWith('assist/'))
    return v('lint', 'deterministic', 'biome check --write applies the assist action');
  if (isParse(code)) return v('syntax', 'llm', 'Biome cannot parse the file');
  if (isConfiguration(code))
    return v(
      'build',
      'none',
      'Biome cannot read its configuration: fix biome.json (a person must: it is lint configuration), or run the Biome version it was written for',
    );
  if (code.startsWith('lint/security/')) return v('security', 'none', REASONS.security);
  const category = IMPORT_RULES.test(code) ? 'import' : 'lint';
  // A warning fails `biome ci` only with --error-on-warnings: fixing it, even with Biome's safe fix,
  // would change files the failure is not about.
  if (d.severity !== 'error')
    return v(
      category,
      'none',
      'a Biome warning: it fails the check only with --error-on-warnings, so it is left as it is',
    );
  if (fix === true) return v(category, 'deterministic', 'biome lint --write has a safe fix for this finding');
  if (code === UNUSED_IMPORTS)
    return v(
      category,
      'deterministic',
      'Biome removes the unused import (a fix it calls unsafe, but the edit the rule asks for); kept only if the check proves it',
    );
  if (fix === false)
    return v(
      category,
      'llm',
      'Biome has no safe fix for this finding (its unsafe fixes run only with fixers.unsafe_fixes)',
    );
  return v(
    category,
    'deterministic',
    'the log does not say whether Biome can fix this: biome lint --write is tried, and kept only if the check proves it',
  );
}
