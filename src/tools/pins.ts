import { parse as parseYaml } from 'yaml';
import { packageOf, pinnable, preCommitTool, type Ecosystem } from './catalog-pins.js';

/**
 * The tool versions a repository pins, read from the places projects pin them: pre-commit hook `rev:`s,
 * `requirements*.txt` and `pyproject.toml` (`black==23.1.0`, poetry's `black = "23.1.0"`), `uv.lock` /
 * `poetry.lock`, `package-lock.json` and exact `devDependencies`. A formatter of another version rewrites
 * lines the change never touched, so fixes are made with these.
 */
export interface Pin {
  tool: PinnedTool;
  version: string;
  /** Where it was read, for the user: `.pre-commit-config.yaml (psf/black)`. */
  source: string;
  ecosystem: Ecosystem;
}

/** A tool of the registry that has a `pin`. */
export type PinnedTool = string;
const namesOf = (ecosystem: Ecosystem) =>
  pinnable.filter((t) => t.pin.ecosystem === ecosystem).map((t) => t.name);
const PYTHON_TOOLS = namesOf('python');
const NPM_TOOLS = namesOf('npm');

/** A plain release version: nothing else reaches an installer's argv. */
export const VERSION = /^\d{1,4}(\.\d{1,6}){1,3}((a|b|rc)\d{1,3})?$/;

const ecosystemOf = (tool: PinnedTool): Pin['ecosystem'] => (NPM_TOOLS.includes(tool) ? 'npm' : 'python');

function pin(tool: PinnedTool, raw: string, source: string): Pin | undefined {
  const version = raw.trim().replace(/^v/, '');
  return VERSION.test(version) ? { tool, version, source, ecosystem: ecosystemOf(tool) } : undefined;
}

function fromPreCommit(text: string): Pin[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return [];
  }
  const repos = (doc as { repos?: Array<{ repo?: unknown; rev?: unknown }> } | null)?.repos;
  if (!Array.isArray(repos)) return [];
  const out: Pin[] = [];
  for (const r of repos) {
    if (typeof r?.repo !== 'string' || typeof r.rev !== 'string') continue;
    const tool = preCommitTool(r.repo);
    const p =
      tool && pin(tool, r.rev, `.pre-commit-config.yaml (${r.repo.replace(/^https?:\/\/[^/]+\//, '')})`);
    if (p) out.push(p);
  }
  return out;
}

const REQUIREMENT = PYTHON_TOOLS.map((tool) => ({
  tool,
  // `black==23.1.0`, `"black[jupyter]==23.1.0"` (requirements, PEP 621 and dependency groups)
  spec: new RegExp(`(?:^|["'\\s])${tool}(?:\\[[\\w,-]*\\])?\\s*===?\\s*([\\w.]{1,30})`, 'i'),
  // poetry: `black = "23.1.0"` or `black = "==23.1.0"`
  poetry: new RegExp(`^\\s*${tool}\\s*=\\s*["']=?=?([\\w.]{1,30})["']`, 'i'),
}));

/** `black==23.1.0` in a requirements file or a pyproject dependency string; `black = "23.1.0"` (poetry). */
function fromRequirementLines(text: string, source: string): Pin[] {
  const out: Pin[] = [];
  for (const line of text.split('\n').slice(0, 5000)) {
    if (line.length > 2000) continue;
    for (const r of REQUIREMENT) {
      const m = r.spec.exec(line) ?? r.poetry.exec(line);
      const p = m && pin(r.tool, m[1]!, source);
      if (p) out.push(p);
    }
  }
  return out;
}

/** `[[package]]` entries of uv.lock and poetry.lock: `name = "black"` then `version = "23.1.0"`. */
function fromTomlLock(text: string, source: string): Pin[] {
  const out: Pin[] = [];
  const entries = text.split(/^\[\[package\]\]\s*$/m).slice(1, 5001);
  for (const e of entries) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(e)?.[1]?.toLowerCase();
    const version = /^version\s*=\s*"([^"]+)"/m.exec(e)?.[1];
    const tool = PYTHON_TOOLS.find((t) => t === name);
    const p = tool && version && pin(tool, version, source);
    if (p) out.push(p);
  }
  return out;
}

function fromPackageLock(text: string): Pin[] {
  try {
    const lock = JSON.parse(text) as { packages?: Record<string, { version?: string }> };
    return NPM_TOOLS.flatMap((tool) => {
      const version = lock.packages?.[`node_modules/${packageOf(tool)}`]?.version ?? '';
      const p = pin(tool, version, 'package-lock.json');
      return p ? [p] : [];
    });
  } catch {
    return [];
  }
}

function fromPackageJson(text: string): Pin[] {
  try {
    const pkg = JSON.parse(text) as {
      devDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    return NPM_TOOLS.flatMap((tool) => {
      const name = packageOf(tool);
      const spec = pkg.devDependencies?.[name] ?? pkg.dependencies?.[name] ?? '';
      // Only an exact version is a pin; a range (`^3.0.0`) leaves the choice to the lockfile.
      const p = pin(tool, spec.replace(/^=/, ''), 'package.json');
      return p ? [p] : [];
    });
  } catch {
    return [];
  }
}

/** The files `detectPins` reads, in the order their pins win (the first pin of a tool is kept). */
export const PIN_FILES = [
  '.pre-commit-config.yaml',
  'uv.lock',
  'poetry.lock',
  'requirements-dev.txt',
  'requirements_dev.txt',
  'dev-requirements.txt',
  'requirements/dev.txt',
  'requirements/lint.txt',
  'requirements-lint.txt',
  'requirements.txt',
  'pyproject.toml',
  'package-lock.json',
  'package.json',
] as const;

/** Every tool's pin (the first source wins), from the files' contents (`undefined` for a missing file). */
export function detectPins(read: (file: (typeof PIN_FILES)[number]) => string | undefined): Pin[] {
  const found: Pin[] = [];
  for (const file of PIN_FILES) {
    const text = read(file);
    if (text === undefined) continue;
    const pins =
      file === '.pre-commit-config.yaml'
        ? fromPreCommit(text)
        : file.endsWith('.lock')
          ? fromTomlLock(text, file)
          : file === 'package-lock.json'
            ? fromPackageLock(text)
            : file === 'package.json'
              ? fromPackageJson(text)
              : fromRequirementLines(text, file);
    for (const p of pins) if (!found.some((f) => f.tool === p.tool)) found.push(p);
  }
  return found;
}

/** The first version number a tool prints for `--version` (`black, 26.5.1 (compiled: yes)`, `v9.1.0`). */
export function versionIn(output: string): string | undefined {
  return /(?<![\d.])(\d{1,4}\.\d{1,6}(?:\.\d{1,6})?(?:(?:a|b|rc)\d{1,3})?)(?![\d.])/.exec(output)?.[1];
}
