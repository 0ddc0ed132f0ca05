import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Which command proves the repository green, and why that one: `--check`, else `.ci-autofix.yml`'s
 * `check`, else what the repository itself declares, in this order: a justfile `check` recipe, a
 * Makefile `check` or `lint` target, package.json `check` (or `lint`, `typecheck`, `test`) scripts,
 * Python tool configuration (ruff, black, isort, mypy, flake8), a pre-commit configuration.
 */
export interface CheckPlan {
  /** Each command as argv; a configured string runs as `sh -c` (it comes from the user or the default branch). */
  commands: string[][];
  source: 'flag' | 'config' | 'justfile' | 'makefile' | 'package.json' | 'python-tools' | 'pre-commit';
  reason: string;
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

export async function detectCheck(
  dir: string,
  given: { flag?: string; config?: string } = {},
): Promise<CheckPlan | undefined> {
  if (given.flag) return { commands: [shell(given.flag)], source: 'flag', reason: '--check was given' };
  if (given.config)
    return { commands: [shell(given.config)], source: 'config', reason: '.ci-autofix.yml sets `check`' };

  const just = await firstFile(dir, ['justfile', 'Justfile', '.justfile']);
  // A recipe line: `check:` or `check arg:` at the start of a line (not `check := …`, a variable).
  if (just && /^@?check(?:\s+[^:=\n]*)?:(?!=)/m.test(just.text))
    return {
      commands: [['just', 'check']],
      source: 'justfile',
      reason: `${just.name} has a \`check\` recipe`,
    };

  const make = await firstFile(dir, ['GNUmakefile', 'makefile', 'Makefile']);
  if (make) {
    const target = ['check', 'lint'].find((t) => new RegExp(`^${t}\\s*:(?!=)`, 'm').test(make.text));
    if (target)
      return {
        commands: [['make', target]],
        source: 'makefile',
        reason: `${make.name} has a \`${target}\` target`,
      };
  }

  const pkg = await read(dir, 'package.json');
  if (pkg) {
    let scripts: Record<string, string> = {};
    try {
      scripts = (JSON.parse(pkg) as { scripts?: Record<string, string> }).scripts ?? {};
    } catch {
      // An unreadable package.json declares nothing; the check will fail on it anyway.
    }
    const pm =
      (await read(dir, 'pnpm-lock.yaml')) !== undefined
        ? 'pnpm'
        : (await read(dir, 'yarn.lock')) !== undefined
          ? 'yarn'
          : 'npm';
    const run = (s: string) => (pm === 'npm' ? ['npm', 'run', '--silent', s] : [pm, 'run', s]);
    if (scripts.check)
      return {
        commands: [run('check')],
        source: 'package.json',
        reason: 'package.json has a `check` script',
      };
    const found = ['lint', 'typecheck', 'test'].filter((s) => scripts[s]);
    if (found.length)
      return {
        commands: found.map(run),
        source: 'package.json',
        reason: `package.json has ${found.map((s) => `\`${s}\``).join(', ')} script(s)`,
      };
  }

  const pyproject = (await read(dir, 'pyproject.toml')) ?? '';
  const setupCfg = (await read(dir, 'setup.cfg')) ?? '';
  const has = (name: string) => read(dir, name).then((t) => t !== undefined);
  const commands: string[][] = [];
  const why: string[] = [];
  if (/^\[tool\.ruff/m.test(pyproject) || (await has('ruff.toml')) || (await has('.ruff.toml'))) {
    commands.push(['ruff', 'check', '.'], ['ruff', 'format', '--check', '.']);
    why.push('ruff');
  }
  if (/^\[tool\.black\]/m.test(pyproject)) {
    commands.push(['black', '--check', '.']);
    why.push('black');
  }
  if (/^\[tool\.isort\]/m.test(pyproject) || /^\[isort\]/m.test(setupCfg) || (await has('.isort.cfg'))) {
    commands.push(['isort', '--check-only', '.']);
    why.push('isort');
  }
  if (/^\[flake8\]/m.test(setupCfg) || (await has('.flake8'))) {
    commands.push(['flake8', '.']);
    why.push('flake8');
  }
  if (/^\[tool\.mypy\]/m.test(pyproject) || /^\[mypy\]/m.test(setupCfg) || (await has('mypy.ini'))) {
    commands.push(['mypy', '.']);
    why.push('mypy');
  }
  if (commands.length)
    return { commands, source: 'python-tools', reason: `the repository configures ${why.join(', ')}` };

  if ((await has('.pre-commit-config.yaml')) || (await has('.pre-commit-config.yml')))
    return {
      commands: [['pre-commit', 'run', '--all-files']],
      source: 'pre-commit',
      reason: 'the repository has a pre-commit configuration',
    };
  return undefined;
}
