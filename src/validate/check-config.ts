import picomatch from 'picomatch';
import { configFiles, configPackageKeys, configSections, sectionName } from '../tools/catalog-config.js';
import type { Hunk } from './diff-hunks.js';

/**
 * Lint, type and test configuration: relaxing it silences a check as surely as a `# noqa`, so a fix
 * never changes it unless `.ci-autofix.yml` names the file in `safety.allow_config`. Whole files, and the
 * sections of shared files (setup.cfg, tox.ini, pyproject.toml, Cargo.toml, package.json) that hold such
 * settings, each declared by its tool's plugin (`config`); a change elsewhere in a shared file is not this
 * gate's business (the protected paths are).
 */
export const CHECK_CONFIG_FILES: readonly string[] = configFiles;
const SECTIONS = configSections;
const PACKAGE_KEYS = configPackageKeys;

const isConfigFile = picomatch([...CHECK_CONFIG_FILES], { dot: true });
const sectioned = SECTIONS.map((s) => ({ match: picomatch(s.files, { dot: true }), section: s.section }));

/** The section header (`[name]` or `[[name]]`) above a line of an INI or TOML file. */
function sectionAt(lines: string[], line: number): string {
  for (let k = Math.min(line, lines.length) - 1; k >= 0; k--) {
    const name = sectionName(lines[k]!);
    if (name !== undefined) return name;
  }
  return '';
}

function packageKeys(text: string): Record<string, string> {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(PACKAGE_KEYS.map((k) => [k, JSON.stringify(json[k] ?? null)]));
  } catch {
    return {};
  }
}

/**
 * Whether a change to `path` touches check configuration, and where (for the refusal). `before` and
 * `after` are the file's texts ('' when absent); `hunks` its diff.
 */
export function checkConfigChange(
  path: string,
  before: string,
  after: string,
  hunks: Hunk[],
): string | undefined {
  if (isConfigFile(path)) return path;
  if (/(^|\/)package\.json$/.test(path)) {
    const [a, b] = [packageKeys(before), packageKeys(after)];
    const changed = PACKAGE_KEYS.filter((k) => a[k] !== b[k]);
    return changed.length ? `${path} (${changed.join(', ')})` : undefined;
  }
  const rule = sectioned.find((s) => s.match(path));
  if (!rule) return undefined;
  const [old, now] = [before.split('\n'), after.split('\n')];
  const touched = new Set<string>();
  for (const h of hunks) {
    for (const r of h.removed) touched.add(sectionAt(old, r.line));
    for (const a of h.added) touched.add(sectionAt(now, a.line));
  }
  const hit = [...touched].filter((s) => rule.section.test(s));
  return hit.length ? `${path} [${hit.join('], [')}]` : undefined;
}
