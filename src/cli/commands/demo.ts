import { execFileSync } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Writable } from 'node:stream';
import { AutofixError } from '../../domain/index.js';
import { packageRoot } from '../../compose/version.js';
import { fixCommand } from './fix.js';

const ROOT = packageRoot();

/** What each example needs, and how to install it. */
const EXAMPLES = {
  python: {
    folder: 'python-service',
    tools: [
      ['just', 'npm install -g rust-just'],
      ['ruff', 'python3 -m venv .venv && .venv/bin/pip install ruff mypy pytest   (or: bash .ci/run)'],
      ['mypy', '.venv/bin/pip install mypy'],
      ['python', 'a Python 3.11+ with pytest: .venv/bin/pip install pytest'],
    ],
  },
  typescript: {
    folder: 'typescript-package',
    tools: [
      ['just', 'npm install -g rust-just'],
      ['tsc', 'npm ci in the ci-autofix checkout (it brings typescript, eslint, prettier and vitest)'],
      ['eslint', 'npm ci in the ci-autofix checkout'],
      ['prettier', 'npm ci in the ci-autofix checkout'],
      ['vitest', 'npm ci in the ci-autofix checkout'],
    ],
  },
  go: {
    folder: 'go-module',
    tools: [
      ['just', 'npm install -g rust-just'],
      ['go', 'apt-get install golang-go (Go 1.19 or later; it brings gofmt)'],
      ['gofmt', 'apt-get install golang-go'],
      [
        'goimports',
        'apt-get install golang-golang-x-tools (or: go install golang.org/x/tools/cmd/goimports)',
      ],
      ['go-staticcheck', 'apt-get install go-staticcheck (the example runs staticcheck under either name)'],
    ],
  },
  rust: {
    folder: 'rust-crate',
    tools: [
      ['just', 'npm install -g rust-just'],
      ['cargo', 'apt-get install cargo   (or rustup: https://rustup.rs)'],
      ['cargo-fmt', 'apt-get install rustfmt   (or: rustup component add rustfmt)'],
      ['cargo-clippy', 'apt-get install rust-clippy   (or: rustup component add clippy)'],
    ],
  },
} as const;

function onPath(program: string, path: string): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Demo Developer',
      '-c',
      'user.email=dev@example.com',
      '-c',
      'core.hooksPath=/dev/null',
      ...args,
    ],
    { cwd, stdio: 'pipe', encoding: 'utf8' },
  );

/** Serves one recorded Messages API reply on 127.0.0.1 for the demo's replay mode. */
async function replayServer(file: string): Promise<{ url: string; close(): void } | undefined> {
  if (!existsSync(file)) return undefined;
  const body = readFileSync(file, 'utf8');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => server.close(),
  };
}

/**
 * `ci-autofix demo`: copies an example project into a temporary git repository (its good state, then a
 * commit that breaks its check), and runs the whole pipeline on it, showing each stage and the commits.
 * No network, no credentials. Uses the Python tools `.ci/run` installed into this checkout's .venv.
 */
export async function demoCommand(
  name: string,
  io: { stdout: Writable; stderr: Writable } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const example = EXAMPLES[name as keyof typeof EXAMPLES];
  if (!example)
    throw new AutofixError('usage', `no example "${name}"; try: ${Object.keys(EXAMPLES).join(', ')}`);
  // The tools `.ci/run` installed into this checkout: its .venv, and its node_modules for the TypeScript example.
  for (const bin of [join(ROOT, '.venv/bin'), join(ROOT, 'node_modules/.bin')])
    if (existsSync(bin)) process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  const missing = example.tools.filter(([tool]) => !onPath(tool, process.env.PATH ?? ''));
  if (missing.length)
    throw new AutofixError(
      'demo-tools-missing',
      `the ${name} example needs tools that are not installed:\n${missing.map(([t, how]) => `  ${t}: ${how}`).join('\n')}`,
    );

  const dir = mkdtempSync(join(tmpdir(), `ci-autofix-demo-${name}-`));
  cpSync(join(ROOT, 'examples', example.folder), dir, { recursive: true });
  rmSync(join(dir, 'failing.patch'));
  // The TypeScript example resolves its eslint plugins and vitest from node_modules, as an installed project would.
  if (existsSync(join(dir, 'package.json')) && existsSync(join(ROOT, 'node_modules')))
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', `${example.folder}: a green project`);
  git(dir, 'apply', join(ROOT, 'examples', example.folder, 'failing.patch'));
  git(
    dir,
    'commit',
    '--quiet',
    '-am',
    'A change that breaks CI: formatting, imports, a type error and a logic error',
  );
  io.stdout.write(`demo: ${example.folder} copied to ${dir}; its last commit breaks \`just check\`.\n\n`);

  // CI_AUTOFIX_DEMO_MODEL=replay: a recorded model reply, served locally and read by the real Anthropic SDK.
  const replay =
    process.env.CI_AUTOFIX_DEMO_MODEL === 'replay'
      ? await replayServer(join(ROOT, 'examples', example.folder, 'model-replay.json'))
      : undefined;
  if (replay) {
    process.env.ANTHROPIC_API_KEY = 'replay';
    process.env.ANTHROPIC_BASE_URL = replay.url;
    // A replayed reply costs nothing: its "spending" must not count against the real per-day budget.
    process.env.CI_AUTOFIX_STATE_DIR = mkdtempSync(join(tmpdir(), 'ci-autofix-demo-state-'));
    io.stdout.write(
      'demo: the model step replays a recorded reply through the Anthropic SDK (CI_AUTOFIX_DEMO_MODEL=replay).\n\n',
    );
  } else if (!process.env.ANTHROPIC_API_KEY && !process.env.OPENAI_API_KEY)
    io.stdout.write(
      'demo: no model is configured, so the model step is skipped; CI_AUTOFIX_DEMO_MODEL=replay shows it with a recorded reply.\n\n',
    );
  const code = await fixCommand({ cwd: dir, format: 'text' }, io).finally(() => replay?.close());
  io.stdout.write(`\nThe fix commits on ${dir} (branch main):\n`);
  io.stdout.write(git(dir, 'log', '--format=%h %s', '-n', '4'));
  io.stdout.write(`\nInspect them with: git -C ${dir} log -p -2\n`);
  // `partial` is the expected end of the demo: two findings are left for a model and for a person.
  return code === 0 || code === 1 ? 0 : code;
}
