import { parse as parseYaml } from 'yaml';
import { packageOf, pinnable, pinOf, preCommitTool, type Ecosystem } from './catalog-pins.js';

/**
 * The tool versions a repository pins, read from the places projects pin them: pre-commit hooks (their
 * `additional_dependencies`, else the hook repository's `rev:`), `requirements*.txt` and `pyproject.toml`
 * (`black==23.1.0`, poetry's `black = "23.1.0"`), `uv.lock` / `poetry.lock`, `package-lock.json` and
 * exact `devDependencies`. A formatter of another version rewrites lines the change never touched, so
 * fixes are made with these.
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

interface PreCommitRepo {
  repo?: unknown;
  rev?: unknown;
  hooks?: unknown;
}

/** PEP 503's normal form of a Python package name. */
const pypiName = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/** An `additional_dependencies` entry as name and version (`null`: no exact version). */
function dependencySpec(dep: string, npm: boolean): { name: string; version: string | null } {
  if (npm) {
    // `@biomejs/biome@1.9.4`, `prettier@3.1.0`; a scope's own `@` is not the version's.
    const at = dep.lastIndexOf('@');
    return at > 0 ? { name: dep.slice(0, at), version: dep.slice(at + 1) } : { name: dep, version: null };
  }
  // `black==23.1.0`, `black[jupyter]==23.1.0`; a range (`black>=22`) is no version.
  const exact = /^\s*([\w.-]+)\s*(?:\[[^\]]*\])?\s*===?\s*([\w.]+)\s*$/.exec(dep);
  if (exact) return { name: pypiName(exact[1]!), version: exact[2]! };
  return { name: pypiName(/^\s*([\w.-]*)/.exec(dep)![1]!), version: null };
}

/**
 * The version a hook's `additional_dependencies` give the tool's package: the one the repository asks
 * pre-commit to install, whatever the hook repository brings. `null` when they name the package without
 * an exact version (no pin), `undefined` when they do not name it.
 */
function additionalDependency(tool: PinnedTool, hooks: unknown): string | null | undefined {
  const npm = ecosystemOf(tool) === 'npm';
  const pkg = npm ? packageOf(tool).toLowerCase() : pypiName(packageOf(tool));
  for (const hook of Array.isArray(hooks) ? hooks.slice(0, 100) : []) {
    const deps = (hook as { additional_dependencies?: unknown } | null)?.additional_dependencies;
    for (const dep of Array.isArray(deps) ? deps.slice(0, 100) : []) {
      if (typeof dep !== 'string' || dep.length > 200) continue;
      const spec = dependencySpec(dep, npm);
      if (spec.name.toLowerCase() === pkg) return spec.version;
    }
  }
  return undefined;
}

/**
 * A hook repository's pin: its hooks' `additional_dependencies` when they name the tool's package, else
 * its `rev:` when that is the tool's version (Biome's hook repository once had versions of its own).
 */
function repoPin(tool: PinnedTool, r: PreCommitRepo & { repo: string }, file: string): Pin | undefined {
  const where = r.repo.replace(/^https?:\/\/[^/]+\//, '');
  const given = additionalDependency(tool, r.hooks);
  if (given !== undefined)
    return given === null ? undefined : pin(tool, given, `${file} (${where}, additional_dependencies)`);
  if (typeof r.rev !== 'string') return undefined;
  const isVersion = pinOf(tool)?.preCommitRevIsVersion?.(r.rev.trim().replace(/^v/, '')) ?? true;
  return isVersion ? pin(tool, r.rev, `${file} (${where})`) : undefined;
}

function fromPreCommit(text: string, file: string): Pin[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return [];
  }
  const repos = (doc as { repos?: PreCommitRepo[] } | null)?.repos;
  if (!Array.isArray(repos)) return [];
  const out: Pin[] = [];
  for (const r of repos) {
    if (typeof r?.repo !== 'string') continue;
    const tool = preCommitTool(r.repo);
    const p = tool && repoPin(tool, r as PreCommitRepo & { repo: string }, file);
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
  '.pre-commit-config.yml',
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
    const pins = file.startsWith('.pre-commit-config.')
      ? fromPreCommit(text, file)
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
