import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execCommand } from './exec-command.js';
import type { RealCase } from './real-case.js';

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

function must(r: ReturnType<typeof execCommand>, what: string) {
  if (r.code !== 0) throw new Error(`${what} failed: ${r.output.trim().split('\n').slice(-4).join(' | ')}`);
}

/**
 * A virtualenv per distinct Python tool set, outside any clone (so the tree stays clean) and under the
 * benchmark's data folder (so the bubblewrap sandbox, which binds / read-only but mounts its own /tmp,
 * can see it). Wheels come from the local index only.
 */
function pythonTools(dataDir: string, pkgs: string[]): string {
  const dir = join(dataDir, 'venvs', hash([...pkgs].sort().join('\n')));
  if (existsSync(join(dir, '.ready'))) return join(dir, 'bin');
  rmSync(dir, { recursive: true, force: true });
  must(execCommand(['python3', '-m', 'venv', dir], { cwd: dataDir, timeoutSeconds: 300 }), 'python3 -m venv');
  const index = process.env.PIP_LOCAL_INDEX ?? '/opt/pypi/simple';
  const url = index.includes('://') ? index : `file://${index}`;
  must(
    execCommand(
      [join(dir, 'bin/pip'), 'install', '-q', '--disable-pip-version-check', '--index-url', url, ...pkgs],
      { cwd: dataDir, timeoutSeconds: 900 },
    ),
    `pip install ${pkgs.join(' ')}`,
  );
  execCommand(['touch', join(dir, '.ready')], { cwd: dataDir, timeoutSeconds: 10 });
  return join(dir, 'bin');
}

/** Named npm packages at pinned versions, installed once into a shared folder; its .bin goes on PATH. */
function npmPackages(dataDir: string, pkgs: string[]): string {
  const dir = join(dataDir, 'npm-pkgs', hash([...pkgs].sort().join('\n')));
  if (!existsSync(join(dir, '.ready'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    must(
      execCommand(
        ['npm', 'install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir, ...pkgs],
        {
          cwd: dir,
          timeoutSeconds: 900,
        },
      ),
      `npm install ${pkgs.join(' ')}`,
    );
    execCommand(['touch', join(dir, '.ready')], { cwd: dir, timeoutSeconds: 10 });
  }
  return join(dir, 'node_modules/.bin');
}

/**
 * `npm ci --ignore-scripts` with the project's own lockfile, cached by the lockfile's hash (cases of one
 * repository often share it), then linked into the clone as its node_modules.
 */
function npmCi(dataDir: string, clone: string): void {
  const lock = join(clone, 'package-lock.json');
  if (!existsSync(lock)) throw new Error('setup.npm is "ci" but the failing commit has no package-lock.json');
  const digest = execCommand(['sha256sum', lock, join(clone, 'package.json')], {
    cwd: clone,
    timeoutSeconds: 30,
  });
  const dir = join(dataDir, 'npm-ci', hash(digest.output.replace(/ \S+/g, '')));
  if (!existsSync(join(dir, '.ready'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of ['package.json', 'package-lock.json', '.npmrc'])
      if (existsSync(join(clone, f))) copyFileSync(join(clone, f), join(dir, f));
    must(
      execCommand(['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd: dir,
        timeoutSeconds: 1800,
      }),
      'npm ci',
    );
    execCommand(['touch', join(dir, '.ready')], { cwd: dir, timeoutSeconds: 10 });
  }
  symlinkSync(join(dir, 'node_modules'), join(clone, 'node_modules'));
}

/**
 * Installs the case's tools and returns the environment to run its check and fixers in: the tools first
 * on PATH, no model credentials (the benchmark measures the deterministic path).
 */
export function prepareToolchain(c: RealCase, clone: string, dataDir: string): NodeJS.ProcessEnv {
  const bins: string[] = [];
  if (c.setup.python?.length) bins.push(pythonTools(dataDir, c.setup.python));
  if (c.setup.npm === 'ci') {
    npmCi(dataDir, clone);
    bins.unshift(join(clone, 'node_modules/.bin'));
  } else if (c.setup.npm?.length) bins.unshift(npmPackages(dataDir, c.setup.npm));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: [...bins, process.env.PATH ?? ''].join(delimiter) };
  for (const key of ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'ANTHROPIC_BASE_URL', 'OPENAI_BASE_URL'])
    delete env[key];
  // Bytecode caches are no edit; ruff's and mypy's caches carry their own .gitignore.
  env.PYTHONDONTWRITEBYTECODE = '1';
  // ci-autofix installs the versions a project pins from pip's index: the same local one as the cases'.
  env.PIP_INDEX_URL ??= `file://${process.env.PIP_LOCAL_INDEX ?? '/opt/pypi/simple'}`;
  return env;
}
