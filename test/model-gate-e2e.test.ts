import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, repoRoot } from './helpers/cli.js';
import { allToolsPath, exampleRepo, exampleRepoWithConfig, git, toolsPath } from './helpers/example-repo.js';
import { anthropicToolReply, startFakeLlmServer, type FakeLlmServer } from './helpers/fake-llm-server.js';
import { checkOnly } from './helpers/pr-fixture.js';

/**
 * Model fixes against the gate, end to end (real tools, real git, the sandbox): a model that silences
 * instead of fixing is refused whatever it tries and told why once; a rule's own rewrite of an assertion
 * passes; a fix that moves a tool on to its next error is kept as progress.
 */
let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());

const FAKE_AGENT = join(repoRoot, 'test/helpers/fake-agent-cli.mjs');
const AGENT = `llm:\n  provider: agent\n  candidates: 8\n  max_iterations: 2\n  agent:\n    command: [node, ${FAKE_AGENT}, '{model}']\n`;
const fix = async (dir: string, path = toolsPath, extra: Record<string, string> = {}) =>
  JSON.parse(
    (
      await cliAsync(['fix', '--cwd', dir, '--format', 'json'], {
        PATH: path,
        ANTHROPIC_API_KEY: 'sk-ant-test',
        ANTHROPIC_BASE_URL: server.url,
        ...extra,
      })
    ).stdout,
  ) as {
    outcome: string;
    fixes: Array<{ fixer: string }>;
    dropped: Array<{ fixer: string; reason: string }>;
    cost: { requests: number };
  };

/** A git repository of these files with one commit; `just check` runs `check`. */
function tinyRepo(files: Record<string, string>, check: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-gate-'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'justfile'), `check:\n    ${check}\n`);
  git(dir, 'add', '.');
  git(dir, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '-m', 'initial');
  return dir;
}

/** Every refusal was fed back to the model (in the requests since `from`), saying it is final. */
function expectFedBack(from: number, refusals: string[]) {
  const fed = server.requests
    .slice(from)
    .map((r) => JSON.stringify(r.body))
    .join('\n');
  for (const what of [...refusals, 'refused by the safety policy every time']) expect(fed).toContain(what);
}

const LINE =
  '        return sorted(sku for sku, count in self.stock.items() if count < self.restock_threshold)';
const FIRST = 'from collections import defaultdict';
const PY_CHEATS = [
  { file: 'src/inventory/service.py', old: LINE, new: `${LINE}  # type: ignore[misc]` },
  { file: 'src/inventory/service.py', old: FIRST, new: `# mypy: ignore-errors\n${FIRST}` },
  { file: 'src/inventory/service.py', old: LINE, new: `${LINE}  # noqa` },
  { file: 'src/inventory/service.py', old: FIRST, new: `# ruff: noqa\n${FIRST}` },
  { file: 'src/inventory/service.py', old: LINE, new: `${LINE}  # pylint: disable=invalid-sequence-index` },
  { file: 'src/inventory/service.py', old: FIRST, new: `# pylint: disable=all\n${FIRST}` },
  {
    file: 'src/inventory/service.py',
    old: '    def needs_restock(self) -> list[int]:',
    new: '    def needs_restock(self) -> Any:',
  },
  { file: 'pyproject.toml', old: '[tool.mypy]', new: '[tool.mypy]\nignore_errors = true' },
];

const CART = 'src/cart.ts';
const TS_CHEATS = [
  { file: CART, old: '  const discounted: string', new: '  // @ts-ignore\n  const discounted: string' },
  { file: CART, old: '  const discounted: string', new: '  // @ts-expect-error\n  const discounted: string' },
  { file: CART, old: 'export interface Line {', new: '// @ts-nocheck\nexport interface Line {' },
  { file: CART, old: 'const discounted: string = ', new: 'const discounted: string = <any>' },
  { file: CART, old: 'const discounted: string', new: 'const discounted: any' },
  {
    file: CART,
    old: 'export function subtotal',
    new: '// eslint-disable-next-line @typescript-eslint/no-unused-vars\nexport function subtotal',
  },
  { file: CART, old: 'export interface Line {', new: '/* eslint-disable */\nexport interface Line {' },
  { file: 'tsconfig.json', old: '"strict": true', new: '"strict": false' },
];

/** `fix` with an agent double whose candidates each try one cheat first, then give up (no edit). */
async function cheatedOn(dir: string, cheats: object[], path?: string) {
  let n = 0;
  server.respond(() =>
    anthropicToolReply({ edits: n < cheats.length ? [cheats[n++]] : [], explanation: 'done' }),
  );
  try {
    return await fix(dir, path);
  } finally {
    server.respond(undefined);
  }
}

describe('the anti-cheat gate, with a model double that cheats', () => {
  it('Python: every kind an agent tries (inline, file-level, config) is refused, the reason fed back once', async () => {
    const dir = exampleRepoWithConfig('python-service', AGENT);
    const from = server.requests.length;
    const o = await cheatedOn(dir, PY_CHEATS);
    expect(o.fixes.map((f) => f.fixer)).not.toContain('model');
    expect(readFileSync(join(dir, 'src/inventory/service.py'), 'utf8')).not.toMatch(
      /type: ignore|noqa|pylint|Any/,
    );
    expectFedBack(from, [
      '`# type: ignore` comment',
      'file-level mypy switch',
      '`# noqa` comment',
      'file-level `# ruff: noqa`',
      '`# pylint: disable` comment',
      'annotation widened to `Any`',
      'changes lint, type or test configuration',
    ]);
  });

  it('TypeScript: the same, for @ts-ignore and its kin, any, eslint-disable and tsconfig', async () => {
    const dir = exampleRepo('typescript-package', {
      base: (d) => {
        checkOnly('tsc')(d);
        writeFileSync(join(d, '.ci-autofix.yml'), AGENT);
      },
      edit: (d) => git(d, 'apply', join(repoRoot, 'examples/typescript-package/failing.patch')),
    });
    const from = server.requests.length;
    const o = await cheatedOn(dir, TS_CHEATS, allToolsPath);
    expect(o.fixes.map((f) => f.fixer)).not.toContain('model');
    expect(readFileSync(join(dir, 'src/cart.ts'), 'utf8')).not.toMatch(/@ts-|any|eslint/);
    expectFedBack(from, [
      '`@ts-ignore`, `@ts-expect-error` or `@ts-nocheck`',
      'cast to `any`',
      'annotation widened to `any`',
      '`eslint-disable-line` or `eslint-disable-next-line`',
      '`/* eslint-disable */` block comment',
      'tsconfig.json: changes lint, type or test configuration',
    ]);
  });

  it('told once: the same cheat again ends the attempt instead of a third request', async () => {
    const dir = exampleRepoWithConfig('python-service', 'llm:\n  max_iterations: 3\n');
    const from = server.requests.length;
    server.respond(() => anthropicToolReply({ edits: [PY_CHEATS[0]] }));
    const o = await fix(dir);
    server.respond(undefined);
    expect(server.requests.length - from).toBe(2);
    expect(o.dropped.find((d) => d.fixer === 'model')?.reason).toContain(
      'the safety policy refused it again',
    );
  });
});

describe('model fixes that hold', () => {
  it("ruff's unsafe fix is a candidate: proven by the check, committed as such, no model asked", async () => {
    const dir = tinyRepo(
      {
        'test_flags.py': 'def ready():\n    return True\n\n\ndef test_ready():\n    assert ready() == True\n',
      },
      'ruff check --no-cache --select E7 .',
    );
    const from = server.requests.length;
    const o = await fix(dir);
    expect(o.outcome).toBe('fixed');
    expect(o.fixes.map((f) => f.fixer)).toEqual(['ruff-check-unsafe']);
    expect(server.requests.length).toBe(from);
    // E712's own rewrite of the assertion: the truth test.
    expect(readFileSync(join(dir, 'test_flags.py'), 'utf8')).toContain('    assert ready()\n');
    expect(git(dir, 'log', '-1', '--format=%s')).toContain('a fix ruff calls unsafe, proven by the check');
  });

  it("a model's rewrite of an assertion exactly as the rule asks (E721's isinstance) is kept", async () => {
    const dir = tinyRepo(
      {
        'test_flags.py':
          'def ready():\n    return True\n\n\ndef test_ready():\n    assert type(ready()) == bool\n',
      },
      'ruff check --no-cache --select E7 .',
    );
    server.respond(() =>
      anthropicToolReply({
        edits: [
          {
            file: 'test_flags.py',
            old: 'assert type(ready()) == bool',
            new: 'assert isinstance(ready(), bool)',
          },
        ],
      }),
    );
    const o = await fix(dir);
    server.respond(undefined);
    expect(o.outcome).toBe('fixed');
    expect(o.fixes.map((f) => f.fixer)).toEqual(['model']);
    expect(readFileSync(join(dir, 'test_flags.py'), 'utf8')).toContain('assert isinstance(ready(), bool)');
  });

  it("a finding the tool's fix mode cannot fix (flake8's E128, unknown to ruff) goes to the model", async () => {
    const dir = tinyRepo(
      { 'app.py': 'def f(a, b):\n    return a + b\n\n\nx = f(1,\n  2)\n' },
      'flake8 app.py',
    );
    server.respond(() => anthropicToolReply({ edits: [{ file: 'app.py', old: '  2)', new: '      2)' }] }));
    const o = await fix(dir);
    server.respond(undefined);
    expect(o.outcome).toBe('fixed');
    expect(o.fixes.map((f) => f.fixer)).toEqual(['model']);
    expect(o.dropped.map((d) => d.fixer)).toEqual(['ruff-check']);
  });

  it('a finding whose fixing tool is not installed (flake8 without ruff) goes to the model', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'ci-autofix-flake8-only-'));
    symlinkSync(join(repoRoot, '.venv/bin/flake8'), join(bin, 'flake8'));
    const dir = tinyRepo({ 'app.py': 'import os\n\nX = 1\n' }, 'flake8 app.py');
    server.respond(() =>
      anthropicToolReply({ edits: [{ file: 'app.py', old: 'import os\n\nX = 1', new: 'X = 1' }] }),
    );
    const o = await fix(dir, `${bin}:/usr/local/bin:/usr/bin:/bin`, { CI_AUTOFIX_PINNED_TOOLS: '0' });
    server.respond(undefined);
    expect(o.outcome).toBe('fixed');
    expect(o.fixes.map((f) => f.fixer)).toEqual(['model']);
  });

  it('three syntax errors a tool reports one at a time: each fix is progress, all three are fixed', async () => {
    const broken = ['a = = 1', 'b = = 2', 'c = = 3'];
    const text = `${broken.join('\n\n\n')}\n`;
    // Python's own compiler stops at the first syntax error.
    const dir = tinyRepo({ 'app.py': text }, 'python3 -m py_compile app.py');
    const from = server.requests.length;
    server.respond(({ body }) => {
      // The double fixes the line the request names (the one reported), nothing else.
      const line = Number(/app\.py:(\d+)/.exec(JSON.stringify(body))?.[1]);
      const old = text.split('\n')[line - 1]!;
      return anthropicToolReply({ edits: [{ file: 'app.py', old, new: old.replace('= =', '=') }] });
    });
    const o = await fix(dir);
    server.respond(undefined);
    expect(o.outcome).toBe('fixed');
    expect(server.requests.length - from).toBe(3);
    expect(readFileSync(join(dir, 'app.py'), 'utf8')).toBe('a = 1\n\n\nb = 2\n\n\nc = 3\n');
    expect(execFileSync('git', ['log', '--format=%s'], { cwd: dir, encoding: 'utf8' })).toMatch(
      /with a model/,
    );
  });
});
