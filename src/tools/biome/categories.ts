import type { Severity } from '../../domain/index.js';

/**
 * Biome names each diagnostic by a category: `lint/<group>/<rule>`, `assist/source/organizeImports`
 * (2.x) or `organizeImports` (1.x), `format`, `parse`, and its own (`deserialize` for its configuration,
 * `ci`, `check`, `lint` for a run's or a file's summary, `internalError/io` …).
 */

/** The severity marks of its reports: `×`/`!`/`i` plain, `✖`/`⚠`/`ℹ` when it colours its output. */
export function severityMark(c: string): Severity | undefined {
  switch (c) {
    case '×':
    case '✖':
      return 'error';
    case '!':
    case '⚠':
      return 'warning';
    case 'i':
    case 'ℹ':
      return 'info';
    default:
      return undefined;
  }
}

export const isOrganizeImports = (category: string): boolean =>
  category === 'organizeImports' || category === 'assist/source/organizeImports';

export const isParse = (category: string): boolean => category === 'parse' || category.startsWith('parse/');

/** Biome cannot read biome.json: a finding in its configuration, not in the code. */
export const isConfiguration = (category: string): boolean =>
  category === 'deserialize' || category === 'configuration';

/** A finding in code (or in Biome's settings) as opposed to a summary, an I/O error or a run's verdict. */
export function isFinding(category: string): boolean {
  return (
    category.startsWith('lint/') ||
    category.startsWith('assist/') ||
    category === 'organizeImports' ||
    category === 'format' ||
    category === 'plugin' ||
    isParse(category) ||
    isConfiguration(category)
  );
}

/** Lines Biome prints with a file's category that are no finding of their own. */
export function isEcho(category: string, message: string): boolean {
  // 1.x closes each file with one of these after its real findings.
  if (message.startsWith('The file contains diagnostics that needs to be addressed')) return true;
  // A file that does not parse is not formatted: its parse errors are the findings.
  return (
    category === 'format' &&
    (message.startsWith('Code formatting aborted due to parsing errors') ||
      message.startsWith('Format with errors is disabled'))
  );
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The rule's page on biomejs.dev. */
export function categoryUrl(category: string): string | undefined {
  const lint = /^lint\/\w+\/(\w+)$/.exec(category);
  if (lint) return `https://biomejs.dev/linter/rules/${kebab(lint[1]!)}`;
  const assist = /^assist\/\w+\/(\w+)$/.exec(category);
  if (assist) return `https://biomejs.dev/assist/actions/${kebab(assist[1]!)}`;
  return undefined;
}
