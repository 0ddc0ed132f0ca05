import picomatch from 'picomatch';
import type { Hunk } from './diff-hunks.js';

/**
 * Lint, type and test configuration: relaxing it silences a check as surely as a `# noqa`, so a fix
 * never changes it unless `.ci-autofix.yml` names the file in `safety.allow_config`. Whole files, and the
 * sections of shared files (setup.cfg, tox.ini, pyproject.toml, Cargo.toml, package.json) that hold such
 * settings; a change elsewhere in a shared file is not this gate's business (the protected paths are).
 */
export const CHECK_CONFIG_FILES = [
  '**/mypy.ini',
  '**/.mypy.ini',
  '**/pyrightconfig.json',
  '**/ruff.toml',
  '**/.ruff.toml',
  '**/.flake8',
  '**/.pylintrc',
  '**/pylintrc',
  '**/pytest.ini',
  '**/.isort.cfg',
  '**/.coveragerc',
  '**/tsconfig*.json',
  '**/jsconfig*.json',
  '**/eslint.config.{js,mjs,cjs,ts,mts,cts}',
  '**/.eslintrc{,.js,.cjs,.json,.yml,.yaml}',
  '**/.eslintignore',
  '**/.prettierrc{,.json,.yml,.yaml,.js,.cjs,.mjs,.toml}',
  '**/prettier.config.{js,cjs,mjs,ts}',
  '**/.prettierignore',
  '**/biome.json{,c}',
  '**/jest.config.{js,cjs,mjs,ts,json}',
  '**/vitest.config.{js,mjs,cjs,ts,mts}',
  '**/vitest.workspace.{js,ts,json}',
  '**/.golangci.{yml,yaml,toml,json}',
  '**/staticcheck.conf',
  '**/{.,}clippy.toml',
  '**/{.,}rustfmt.toml',
];

/** Sections of shared INI/TOML files that configure a check (matched against the header's name). */
const SECTIONS: Array<{ files: string; section: RegExp }> = [
  {
    files: '**/setup.cfg',
    section: /^(mypy(-.*)?|flake8|tool:pytest|isort|pylint.*|pycodestyle|pydocstyle|coverage:.*)$/,
  },
  { files: '**/tox.ini', section: /^(mypy(-.*)?|flake8|pytest|isort|pycodestyle|pydocstyle|coverage:.*)$/ },
  {
    files: '**/pyproject.toml',
    section: /^tool\.(mypy|ruff|pylint|pytest|black|isort|pyright|coverage|flake8|pydocstyle)(\..*)?$/,
  },
  { files: '**/Cargo.toml', section: /^(workspace\.)?lints(\..*)?$/ },
];

/** package.json keys that configure a check. */
const PACKAGE_KEYS = ['eslintConfig', 'eslintIgnore', 'prettier', 'jest', 'vitest'];

const isConfigFile = picomatch(CHECK_CONFIG_FILES, { dot: true });
const sectioned = SECTIONS.map((s) => ({ match: picomatch(s.files, { dot: true }), section: s.section }));

/** The section header (`[name]` or `[[name]]`) above a line of an INI or TOML file. */
function sectionAt(lines: string[], line: number): string {
  for (let k = Math.min(line, lines.length) - 1; k >= 0; k--) {
    const m = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:[#;].*)?$/.exec(lines[k]!);
    if (m) return m[1]!.replace(/["']/g, '');
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
