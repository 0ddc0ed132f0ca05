import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toolList } from '../tools/index.js';
import { preCommitCheck } from './pre-commit-check.js';

/**
 * Which command proves the repository green, and why that one: `--check`, else `.ci-autofix.yml`'s
 * `check`, else what the repository itself declares, in this order: a justfile `check` recipe, a
 * Makefile `check` or `lint` target, package.json `check` (or `lint`, `typecheck`, `test`) scripts,
 * the configuration of tools that declare how (a plugin's `check`), a pre-commit configuration.
 */
export interface CheckPlan {
  /** Each command as argv; a configured string runs as `sh -c` (it comes from the user or the default branch). */
  commands: string[][];
  source: 'flag' | 'config' | 'justfile' | 'makefile' | 'package.json' | 'tool-config' | 'pre-commit';
  reason: string;
  /**
   * Set when the user's check runs several tools and stops at the first that fails (`a && b`, a recipe
   * of several lines): later tools' findings stay hidden until the earlier ones are fixed. A check
   * ci-autofix composed runs each tool as its own command, so this is never set for one.
   */
  stopsEarly?: string;
}

/** A check command as a person reads it: a composed command's long file list is cut short. */
export function commandText(argv: string[]): string {
  if (argv[0] === 'sh' && argv[1] === '-c') return argv[2]!;
  return argv.length > 9 ? `${argv.slice(0, 7).join(' ')} … (+${argv.length - 7} more)` : argv.join(' ');
}

/** `a && b`: the shell stops at the first failure (`;` and `||` do not). */
function chained(cmd: string): string | undefined {
  return /&&/.test(cmd)
    ? `\`${cmd}\` stops at its first failing command, so the tools after it did not run`
    : undefined;
}

/** The commands a just recipe runs (its dependencies count as one each); undefined when they all run. */
function justStopsEarly(text: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^@?check(?:\s+[^:=\n]*)?:(?!=)/.test(l));
  const deps = (lines[at]!.split(':')[1] ?? '').split(/\s+/).filter((d) => /^[\w-]+$/.test(d));
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!/^\s+\S/.test(l)) break;
    body.push(l.trim());
  }
  if (body[0]?.startsWith('#!'))
    return /^set -\w*e/m.test(body.join('\n')) || body.some((l) => /&&/.test(l))
      ? 'the `check` recipe stops at its first failing command, so the tools after it did not run'
      : undefined;
  const commands = body.filter((l) => !l.startsWith('#') && !l.startsWith('-'));
  return deps.length + commands.length > 1 || commands.some((l) => /&&/.test(l))
    ? 'the `check` recipe stops at its first failing command or dependency, so the tools after it did not run'
    : undefined;
}

/** A make target's recipe lines and prerequisites: make stops at the first that fails. */
function makeStopsEarly(text: string, target: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^${target}\\s*:(?!=)`).test(l));
  const prereqs = (lines[at]!.split(':')[1] ?? '').split(/\s+/).filter(Boolean);
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('\t')) break;
    body.push(l.trim());
  }
  const commands = body.filter((l) => !l.startsWith('-') && !l.startsWith('#'));
  return prereqs.length + commands.length > 1 || commands.some((l) => /&&/.test(l))
    ? `\`make ${target}\` stops at its first failing command or prerequisite, so the tools after it did not run`
    : undefined;
}

async function read(dir: string, name: string): Promise<string | undefined> {
  return readFile(join(dir, name), 'utf8').catch(() => undefined);
}

async function firstFile(dir: string, names: string[]): Promise<{ name: string; text: string } | undefined> {
  for (const name of names) {
    const text = await read(dir, name);
    if (text !== undefined) return { name, text };
  }
  return undefined;
}

const shell = (cmd: string) => ['sh', '-c', cmd];

function has(dir: string, name: string): Promise<boolean> {
  return read(dir, name).then((t) => t !== undefined);
}

function withStop(plan: CheckPlan, why: string | undefined): CheckPlan {
  return why ? { ...plan, stopsEarly: why } : plan;
}

/** `--check`, else `.ci-autofix.yml`'s `check`. */
function givenCheck(given: { flag?: string; config?: string }): CheckPlan | undefined {
  if (given.flag)
    return withStop(
      { commands: [shell(given.flag)], source: 'flag', reason: '--check was given' },
      chained(given.flag),
    );
  if (given.config)
    return withStop(
      { commands: [shell(given.config)], source: 'config', reason: '.ci-autofix.yml sets `check`' },
      chained(given.config),
    );
  return undefined;
}

async function justfileCheck(dir: string): Promise<CheckPlan | undefined> {
  const just = await firstFile(dir, ['justfile', 'Justfile', '.justfile']);
  // A recipe line: `check:` or `check arg:` at the start of a line (not `check := …`, a variable).
  if (just && /^@?check(?:\s+[^:=\n]*)?:(?!=)/m.test(just.text))
    return withStop(
      { commands: [['just', 'check']], source: 'justfile', reason: `${just.name} has a \`check\` recipe` },
      justStopsEarly(just.text),
    );
  return undefined;
}

async function makefileCheck(dir: string): Promise<CheckPlan | undefined> {
  const make = await firstFile(dir, ['GNUmakefile', 'makefile', 'Makefile']);
  if (!make) return undefined;
  const target = ['check', 'lint'].find((t) => new RegExp(`^${t}\\s*:(?!=)`, 'm').test(make.text));
  if (!target) return undefined;
  return withStop(
    {
      commands: [['make', target]],
      source: 'makefile',
      reason: `${make.name} has a \`${target}\` target`,
    },
    makeStopsEarly(make.text, target),
  );
}

async function packageJsonCheck(dir: string): Promise<CheckPlan | undefined> {
  const pkg = await read(dir, 'package.json');
  if (!pkg) return undefined;
  let scripts: Record<string, string> = {};
  try {
    scripts = (JSON.parse(pkg) as { scripts?: Record<string, string> }).scripts ?? {};
  } catch {
    // An unreadable package.json declares nothing; the check will fail on it anyway.
  }
  const runners = toolList.flatMap((t) => t.packageScripts ?? []);
  let runner = runners.find((r) => !r.lockfile);
  for (const r of runners)
    if (r.lockfile && (await read(dir, r.lockfile)) !== undefined) {
      runner = r;
      break;
    }
  const run = (s: string) => runner!.run(s);
  if (scripts.check)
    return withStop(
      { commands: [run('check')], source: 'package.json', reason: 'package.json has a `check` script' },
      chained(scripts.check),
    );
  const found = ['lint', 'typecheck', 'test'].filter((s) => scripts[s]);
  if (!found.length) return undefined;
  return {
    commands: found.map(run),
    source: 'package.json',
    reason: `package.json has ${found.map((s) => `\`${s}\``).join(', ')} script(s)`,
  };
}

/** The hooks pre-commit would run, each as its own command (pre-commit needs the network to install them). */
async function preCommitHooksCheck(
  dir: string,
  tracked: string[] | undefined,
): Promise<CheckPlan | undefined> {
  const preCommit =
    (await read(dir, '.pre-commit-config.yaml')) ?? (await read(dir, '.pre-commit-config.yml'));
  const hooks = preCommit !== undefined && tracked ? preCommitCheck(preCommit, tracked) : undefined;
  if (!hooks) return undefined;
  return {
    commands: hooks.commands,
    source: 'pre-commit',
    reason: `the pre-commit configuration runs ${hooks.ran.join(', ')} (each run here as its own command, on the files its hook selects${hooks.skipped.length ? `; not run: ${[...new Set(hooks.skipped)].slice(0, 8).join(', ')}${new Set(hooks.skipped).size > 8 ? ', …' : ''}` : ''})`,
  };
}

/** The tools whose configuration says how to check (a plugin's `check`), each its own command. */
async function configuredToolsCheck(dir: string): Promise<CheckPlan | undefined> {
  const pyproject = (await read(dir, 'pyproject.toml')) ?? '';
  const setupCfg = (await read(dir, 'setup.cfg')) ?? '';
  const commands: string[][] = [];
  const why: string[] = [];
  for (const tool of toolList) {
    const by = tool.check?.configuredBy;
    if (!by) continue;
    const configured =
      by.pyproject?.test(pyproject) ||
      by.setupCfg?.test(setupCfg) ||
      (await Promise.all((by.files ?? []).map((name) => has(dir, name)))).some(Boolean);
    if (!configured) continue;
    commands.push(...tool.check!.commands.map((c) => [...c]));
    why.push(tool.name);
  }
  if (!commands.length) return undefined;
  return { commands, source: 'tool-config', reason: `the repository configures ${why.join(', ')}` };
}

/** A pre-commit configuration whose hooks could not be run one by one: pre-commit runs them all. */
async function preCommitConfigCheck(dir: string): Promise<CheckPlan | undefined> {
  if ((await has(dir, '.pre-commit-config.yaml')) || (await has(dir, '.pre-commit-config.yml')))
    return {
      commands: [['pre-commit', 'run', '--all-files']],
      source: 'pre-commit',
      reason: 'the repository has a pre-commit configuration',
    };
  return undefined;
}

export async function detectCheck(
  dir: string,
  given: { flag?: string; config?: string } = {},
  tracked?: string[],
): Promise<CheckPlan | undefined> {
  // Each source is read only when the ones before it declare no check.
  return (
    givenCheck(given) ??
    (await justfileCheck(dir)) ??
    (await makefileCheck(dir)) ??
    (await packageJsonCheck(dir)) ??
    (await preCommitHooksCheck(dir, tracked)) ??
    (await configuredToolsCheck(dir)) ??
    (await preCommitConfigCheck(dir))
  );
}
