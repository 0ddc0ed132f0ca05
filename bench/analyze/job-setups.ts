/**
 * The per-ecosystem part of collect-real-logs.ts: each `setup` of real-jobs.json prepares the job's
 * environment the way its setup action would (a venv and the local wheel index for python; the machine's
 * node and npm; Go with no module proxy; cargo offline on Debian's packaged crates) and prints the
 * action's log lines, and says which version of a tool the job ran. The go jobs need Debian's golang-go
 * (Go 1.19, as real-jobs.json pins it); the cargo jobs cargo, clippy and rustfmt, with the crates their
 * manifests name (optional ones too) from Debian's librust-*-dev packages (semver 1.0.14: librust-serde-dev).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUpJobLines } from '../../test/fixtures/gha/set-up-job.js';

export type Setup = 'python' | 'node' | 'go' | 'cargo';

export interface JobEnv {
  env: NodeJS.ProcessEnv;
  /** The `env:` lines of each step's header. */
  stepEnv: string[];
  /** Machine paths shown as the runner's. */
  replacements: Array<[string, string]>;
  /** The setup action's step, as the runner logs it. */
  lines: string[];
}

const ACTIONS: Record<Setup, string> = {
  python: "'actions/setup-python@v6' (SHA:e797f83bcb11b83ae66e0230d6156d7c80228e7c)",
  node: "'actions/setup-node@v6' (SHA:2028fbc5c25fe9cf00d9f06a71cc4710d4507903)",
  go: "'actions/setup-go@v6' (SHA:44694675825211faa026b3c33043df3e48a5fa00)",
  cargo: "'dtolnay/rust-toolchain@stable' (SHA:e97e2d8cc328f1b50210efc529dca0028893a2d9)",
};

export function setUpJob(name: string, repo: string, setup: Setup): string[] {
  return setUpJobLines(`${name} (${repo.split('/')[0]})`, [ACTIONS[setup]]);
}

const run = (cmd: string, args: string[], cwd?: string) =>
  execFileSync(cmd, args, { encoding: 'utf8', cwd }).trim();

/** Debian's packaged crates (librust-*-dev), the only crate source here: crates.io is out of reach. */
const DEBIAN_CRATES = '/usr/share/cargo/registry';

function python(jobDir: string, env: NodeJS.ProcessEnv): JobEnv {
  const venv = join(jobDir, 'venv');
  const version = run('python3', ['-c', 'import platform; print(platform.python_version())']);
  const location = `/opt/hostedtoolcache/Python/${version}/x64`;
  execFileSync('python3', ['-m', 'venv', venv]);
  env.PATH = `${join(venv, 'bin')}:${env.PATH}`;
  env.VIRTUAL_ENV = venv;
  // Wheels come from the machine's local index when it has one (no other Python index is reachable).
  env.PIP_CONFIG_FILE = '/dev/null';
  env.PIP_DISABLE_PIP_VERSION_CHECK = '1';
  const index = process.env.PIP_LOCAL_INDEX ?? '/opt/pypi/simple';
  if (existsSync(index)) env.PIP_INDEX_URL = `file://${index}`;
  return {
    env,
    stepEnv: [`pythonLocation: ${location}`, `LD_LIBRARY_PATH: ${location}/lib`],
    replacements: [[venv, location]],
    lines: [
      '##[group]Run actions/setup-python@v6',
      'with:',
      `  python-version: ${version.split('.').slice(0, 2).join('.')}`,
      '  check-latest: false',
      '  token: ***',
      '  update-environment: true',
      '  allow-prereleases: false',
      '##[endgroup]',
      '##[group]Installed versions',
      `Successfully set up CPython (${version})`,
      '##[endgroup]',
    ],
  };
}

function node(env: NodeJS.ProcessEnv): JobEnv {
  return {
    env,
    stepEnv: [],
    replacements: [],
    lines: [
      '##[group]Run actions/setup-node@v6',
      'with:',
      `  node-version: ${process.versions.node.split('.')[0]}`,
      '  check-latest: false',
      '  token: ***',
      '##[endgroup]',
      `Found in cache @ /opt/hostedtoolcache/node/${process.versions.node}/x64`,
      '##[group]Environment details',
      `node: ${process.version}`,
      `npm: ${run('npm', ['--version'])}`,
      `yarn: 1.22.22`,
      '##[endgroup]',
    ],
  };
}

function go(jobDir: string, env: NodeJS.ProcessEnv): JobEnv {
  const version = run('go', ['env', 'GOVERSION']).replace(/^go/, '');
  // No module proxy is reachable: the module's own packages and the standard library only.
  Object.assign(env, {
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod',
    GOPATH: join(jobDir, 'go'),
    GOCACHE: join(jobDir, 'go-build'),
  });
  return {
    env,
    stepEnv: [],
    replacements: [
      [join(jobDir, 'go-build'), '/home/runner/.cache/go-build'],
      [join(jobDir, 'go'), '/home/runner/go'],
    ],
    lines: [
      '##[group]Run actions/setup-go@v6',
      'with:',
      `  go-version: ${version}`,
      '  check-latest: false',
      '  token: ***',
      '  cache: true',
      '##[endgroup]',
      `Setup go version spec ${version}`,
      `Found in cache @ /opt/hostedtoolcache/go/${version}/x64`,
      `Added go to the path`,
      `Successfully set up Go version ${version}`,
      `[command]/opt/hostedtoolcache/go/${version}/x64/bin/go env GOMODCACHE`,
      `[command]/opt/hostedtoolcache/go/${version}/x64/bin/go env GOCACHE`,
      '/home/runner/go/pkg/mod',
      '/home/runner/.cache/go-build',
    ],
  };
}

function cargo(jobDir: string, env: NodeJS.ProcessEnv): JobEnv {
  // Cargo reads .cargo/config.toml in the checkout's parent folders: crates.io replaced, offline.
  mkdirSync(join(jobDir, '.cargo'), { recursive: true });
  writeFileSync(
    join(jobDir, '.cargo/config.toml'),
    `[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "${DEBIAN_CRATES}"\n[net]\noffline = true\n`,
  );
  Object.assign(env, { CARGO_TERM_COLOR: 'always', RUST_BACKTRACE: '1' });
  const rustc = run('rustc', ['--version']);
  return {
    env,
    stepEnv: ['CARGO_TERM_COLOR: always', 'RUST_BACKTRACE: 1'],
    replacements: [[DEBIAN_CRATES, '/home/runner/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f']],
    lines: [
      '##[group]Run dtolnay/rust-toolchain@stable',
      'with:',
      '  toolchain: stable',
      '  components: clippy, rustfmt',
      '##[endgroup]',
      `info: syncing channel updates for 'stable-x86_64-unknown-linux-gnu'`,
      `info: default toolchain set to 'stable-x86_64-unknown-linux-gnu'`,
      `  stable-x86_64-unknown-linux-gnu unchanged - ${rustc}`,
      `[command]rustc --version --verbose`,
      ...run('rustc', ['--version', '--verbose']).split('\n'),
    ],
  };
}

/** Prepares the job's environment (a copy of `base`) and says what its setup step printed. */
export function prepare(setup: Setup, jobDir: string, base: NodeJS.ProcessEnv): JobEnv {
  const env = { ...base };
  if (setup === 'python') return python(jobDir, env);
  if (setup === 'go') return go(jobDir, env);
  if (setup === 'cargo') return cargo(jobDir, env);
  return node(env);
}

/** The version of `tool` the job ran (`missing` when it cannot tell). */
export function toolVersion(setup: Setup, tool: string, cwd: string, jobDir: string): string {
  try {
    if (setup === 'python') {
      const show = run(join(jobDir, 'venv/bin/pip'), ['show', tool], cwd);
      return /^Version: (.*)$/m.exec(show)?.[1] ?? '?';
    }
    if (setup === 'go') return run('go', ['env', 'GOVERSION']).replace(/^go/, '');
    if (setup === 'cargo') return run(tool, ['--version']).split(' ')[1] ?? '?';
    const pkg = join(cwd, 'node_modules', tool, 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}
