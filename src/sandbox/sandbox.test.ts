import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BwrapSandbox } from './bwrap-sandbox.js';
import { bwrapWorks } from './choose-sandbox.js';
import { isSecretName } from './env-allow-list.js';
import { LocalSandbox } from './local-sandbox.js';
import type { Sandbox } from './sandbox.js';

// Canary secrets of the shapes a CI runner holds, placed in the parent environment of the sandbox.
const CANARY = 'canary-7d1f0c9e2b';
const parentEnv = {
  ...process.env,
  GITHUB_TOKEN: `ghp_${CANARY}`,
  ANTHROPIC_API_KEY: `sk-ant-${CANARY}`,
  AWS_SECRET_ACCESS_KEY: CANARY,
  INNOCENT_LOOKING: CANARY,
};

const hasBwrap = await bwrapWorks();
// In CI bubblewrap is installed by .ci/run and must work; elsewhere its tests are skipped with a reason.
if (process.env.CI && !hasBwrap)
  throw new Error('bubblewrap does not work on this CI machine; .ci/run installs it');

let worktree: string;
let server: Server;
let port = 0;

beforeAll(async () => {
  worktree = mkdtempSync(join(tmpdir(), 'ci-autofix-wt-'));
  writeFileSync(join(worktree, 'a.txt'), 'before\n');
  server = createServer((s) => s.end('hello from the host\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server.close());

const sh = (script: string) => ['/bin/sh', '-c', script];
const backends: Array<[string, () => Sandbox, boolean]> = [
  ['local', () => new LocalSandbox(parentEnv), true],
  ['bwrap', () => new BwrapSandbox('bwrap', parentEnv), hasBwrap],
];

for (const [name, make, available] of backends) {
  describe.skipIf(!available)(`${name} sandbox`, () => {
    it('passes no secret from the parent environment, only the allow-list', async () => {
      const r = await make().run({ argv: sh('env'), cwd: worktree, writable: [worktree], timeoutMs: 20_000 });
      expect(r.exitCode).toBe(0);
      expect(r.output).not.toContain(CANARY);
      expect(r.output).toMatch(/^PATH=/m);
      expect(r.output).toMatch(/^HOME=/m);
    });

    it('kills a command at its timeout, with everything it started', async () => {
      const late = join(worktree, `late-${name}`);
      const r = await make().run({
        argv: sh(`(sleep 3; touch ${late}) & sleep 30; echo never`),
        cwd: worktree,
        writable: [worktree],
        timeoutMs: 500,
      });
      expect(r.timedOut).toBe(true);
      expect(r.output).not.toContain('never');
      // What it started in the background was killed with it: it never gets to write its file.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(existsSync(late)).toBe(false);
    });

    it('caps output, keeping the end', async () => {
      const r = await make().run({
        argv: sh('i=0; while [ $i -lt 20000 ]; do echo "line $i"; i=$((i+1)); done; echo THE-END'),
        cwd: worktree,
        writable: [worktree],
        timeoutMs: 20_000,
        maxOutputBytes: 4096,
      });
      expect(r.droppedBytes).toBeGreaterThan(100_000);
      expect(r.output.length).toBeLessThan(4096 + 100);
      expect(r.output).toContain('line 0\n');
      expect(r.output.trimEnd().endsWith('THE-END')).toBe(true);
    });

    it('refuses a request that passes a secret-named variable', async () => {
      await expect(
        make().run({
          argv: sh('true'),
          cwd: worktree,
          writable: [worktree],
          timeoutMs: 5000,
          env: { NPM_TOKEN: 'x' },
        }),
      ).rejects.toThrow(/refusing to pass NPM_TOKEN/);
    });
  });
}

describe.skipIf(!hasBwrap)('bubblewrap isolation', () => {
  const sandbox = () => new BwrapSandbox('bwrap', parentEnv);

  it('cannot read a canary secret anywhere in /proc (the sandbox pid 1 included)', async () => {
    const r = await sandbox().run({
      argv: sh('cat /proc/*/environ 2>/dev/null | tr "\\0" "\\n"; cat /proc/self/environ | tr "\\0" "\\n"'),
      cwd: worktree,
      writable: [worktree],
      timeoutMs: 20_000,
    });
    expect(r.output).toContain('PATH=');
    expect(r.output).not.toContain(CANARY);
  });

  it('cannot reach a TCP server on the host; the local backend can (the control)', async () => {
    const connect = `python3 -c "import socket; s=socket.create_connection(('127.0.0.1', ${port}), 2); print(s.recv(100).decode())"`;
    const inside = await sandbox().run({
      argv: sh(connect),
      cwd: worktree,
      writable: [worktree],
      timeoutMs: 20_000,
    });
    expect(inside.exitCode).not.toBe(0);
    expect(inside.output).not.toContain('hello from the host');
    const outside = await new LocalSandbox(parentEnv).run({
      argv: sh(connect),
      cwd: worktree,
      writable: [worktree],
      timeoutMs: 20_000,
    });
    expect(outside.output).toContain('hello from the host');
  });

  it('writes the worktree but nothing else, as an unprivileged user', async () => {
    const r = await sandbox().run({
      argv: sh(
        'id -u; echo after >> a.txt; echo x > /etc/ci-autofix-test 2>&1 || echo "etc: refused"; echo y > "$HOME/../../outside" 2>&1; echo done',
      ),
      cwd: worktree,
      writable: [worktree],
      timeoutMs: 20_000,
    });
    expect(r.output).toMatch(/^65534$/m);
    expect(r.output).toContain('etc: refused');
    expect(readFileSync(join(worktree, 'a.txt'), 'utf8')).toBe('before\nafter\n');
  });
});

describe.skipIf(!hasBwrap)('bubblewrap isolation: tools under /tmp', () => {
  it('runs tools installed under /tmp (a checkout in /tmp with its own virtualenv)', async () => {
    const venv = mkdtempSync(join(tmpdir(), 'ci-autofix-venv-'));
    mkdirSync(join(venv, 'bin'));
    mkdirSync(join(venv, 'lib'));
    writeFileSync(join(venv, 'lib/greeting.txt'), 'hello from a tool in /tmp\n');
    writeFileSync(join(venv, 'bin/greet'), `#!/bin/sh\ncat ${venv}/lib/greeting.txt\n`);
    chmodSync(join(venv, 'bin/greet'), 0o755);
    const r = await new BwrapSandbox('bwrap', { PATH: `${venv}/bin:/usr/bin:/bin` }).run({
      argv: ['greet'],
      cwd: worktree,
      writable: [worktree],
      timeoutMs: 20_000,
    });
    expect(r.output).toBe('hello from a tool in /tmp\n');
  });

  it('runs tools reached through a link under /tmp (a checkout whose node_modules links to a shared install)', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'ci-autofix-shared-'));
    mkdirSync(join(shared, 'node_modules/greeter'), { recursive: true });
    mkdirSync(join(shared, 'node_modules/.bin'));
    writeFileSync(join(shared, 'node_modules/greeter/greet.sh'), '#!/bin/sh\necho hello through a link\n');
    chmodSync(join(shared, 'node_modules/greeter/greet.sh'), 0o755);
    symlinkSync('../greeter/greet.sh', join(shared, 'node_modules/.bin/greet'));
    const checkout = mkdtempSync(join(tmpdir(), 'ci-autofix-checkout-'));
    symlinkSync(join(shared, 'node_modules'), join(checkout, 'node_modules'));
    const bin = join(checkout, 'node_modules/.bin');
    const sandbox = new BwrapSandbox('bwrap', { PATH: `${bin}:/usr/bin:/bin` });
    const byPath = await sandbox.run({
      argv: ['greet'],
      cwd: worktree,
      writable: [worktree],
      timeoutMs: 20_000,
    });
    expect(byPath.output).toBe('hello through a link\n');
    const byName = await sandbox.run({
      argv: [join(bin, 'greet')],
      cwd: worktree,
      writable: [worktree],
      timeoutMs: 20_000,
    });
    expect(byName.output).toBe('hello through a link\n');
    // The tool of a worktree whose node_modules links to the install, run from that worktree.
    symlinkSync(join(shared, 'node_modules'), join(worktree, 'node_modules'));
    try {
      const fromWorktree = await sandbox.run({
        argv: [join(worktree, 'node_modules/.bin/greet')],
        cwd: worktree,
        writable: [],
        timeoutMs: 20_000,
      });
      expect(fromWorktree.output).toBe('hello through a link\n');
    } finally {
      rmSync(join(worktree, 'node_modules'));
    }
  });

  it('runs a tool linked from a folder of chosen tools to its install elsewhere under /tmp', async () => {
    const venv = mkdtempSync(join(tmpdir(), 'ci-autofix-venv-'));
    mkdirSync(join(venv, 'bin'));
    writeFileSync(join(venv, 'greeting.txt'), 'hello from a linked tool\n');
    writeFileSync(join(venv, 'bin/greet'), `#!/bin/sh\ncat ${venv}/greeting.txt\n`);
    chmodSync(join(venv, 'bin/greet'), 0o755);
    const chosen = mkdtempSync(join(tmpdir(), 'ci-autofix-chosen-'));
    symlinkSync(join(venv, 'bin/greet'), join(chosen, 'greet'));
    const r = await new BwrapSandbox('bwrap', { PATH: `${chosen}:/usr/bin:/bin` }).run({
      argv: ['greet'],
      cwd: worktree,
      writable: [worktree],
      timeoutMs: 20_000,
    });
    expect(r.output).toBe('hello from a linked tool\n');
  });
});

describe('secret names', () => {
  it.each([
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'ANTHROPIC_API_KEY',
    'OPENAI_API_KEY',
    'AWS_ACCESS_KEY_ID',
    'NPM_TOKEN',
    'SLACK_WEBHOOK',
    'DB_PASSWORD',
    'MY_SECRET',
  ])('%s is refused', (name) => expect(isSecretName(name)).toBe(true));
  it.each(['NODE_ENV', 'PYTHONPATH', 'LANG'])('%s is allowed', (name) =>
    expect(isSecretName(name)).toBe(false),
  );
});
