import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, repoRoot } from './helpers/cli.js';
import { exampleRepoWithConfig, git, toolsPath } from './helpers/example-repo.js';
import { anthropicToolReply, startFakeLlmServer, type FakeLlmServer } from './helpers/fake-llm-server.js';

/**
 * The model stage's other paths end to end on the Python example: an agent CLI behind the proxy,
 * parallel candidates, and the per-day budget kept in the spend ledger across runs.
 */
let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());

const FILE = 'src/inventory/service.py';
const RIGHT = {
  file: FILE,
  old: '    def needs_restock(self) -> list[int]:',
  new: '    def needs_restock(self) -> list[str]:',
};
const FAKE_AGENT = join(repoRoot, 'test/helpers/fake-agent-cli.mjs');

const repoWith = (config: string) => exampleRepoWithConfig('python-service', config);

const fix = (dir: string, stateDir: string) =>
  cliAsync(['fix', '--cwd', dir, '--format', 'json'], {
    PATH: toolsPath,
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: server.url,
    CI_AUTOFIX_STATE_DIR: stateDir,
  });

interface Outcome {
  outcome: string;
  fixes: Array<{ fixer: string; tool: string }>;
  dropped: Array<{ fixer: string; reason: string }>;
  cost: { requests: number; input_tokens: number; output_tokens: number; usd: number };
}

const ledger = (stateDir: string) =>
  readFileSync(join(stateDir, 'spend.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { key: string; usd: number; requests: number });

describe('the model stage', () => {
  it('an agent CLI fixes the type error in the sandbox; the proxy meters it; the ledger records it', async () => {
    const dir = repoWith(`llm:\n  provider: agent\n  agent:\n    command: ["${FAKE_AGENT}"]\n`);
    const state = mkdtempSync(join(tmpdir(), 'ci-autofix-state-'));
    const before = server.requests.length;
    server.script(anthropicToolReply({ edits: [RIGHT] }));
    const r = await fix(dir, state);
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.fixes.map((f) => f.fixer)).toEqual(['ruff-format', 'ruff-check', 'model']);
    expect(o.fixes[2]!.tool).toContain('agent (claude-sonnet-5): 1 request(s), 812 input + 64 output tokens');
    expect(o.cost).toMatchObject({ requests: 1, input_tokens: 812, output_tokens: 64 });
    expect(readFileSync(join(dir, FILE), 'utf8')).toContain('def needs_restock(self) -> list[str]:');
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers['x-api-key']).toBe('sk-ant-test-key');
    const prompt = JSON.stringify(sent[0]!.body);
    expect(prompt).toContain('Do not run commands');
    expect(prompt).toContain('def needs_restock');
    expect(ledger(state)).toEqual([
      expect.objectContaining({ key: expect.stringMatching(/#main$/), requests: 1, usd: o.cost.usd }),
    ]);
  });

  it('with llm.candidates: 2, both run in their own worktrees and the smallest validated diff is kept', async () => {
    const dir = repoWith('llm:\n  candidates: 2\n');
    const state = mkdtempSync(join(tmpdir(), 'ci-autofix-state-'));
    const wordy = {
      edits: [
        RIGHT,
        {
          file: FILE,
          old: '    def value_cents(self) -> int:',
          new: '    # The value of what is in stock, in cents.\n    def value_cents(self) -> int:',
        },
      ],
    };
    // Which candidate gets which reply depends on timing; the smaller diff must win either way.
    server.script(anthropicToolReply(wordy), anthropicToolReply({ edits: [RIGHT] }));
    const o = JSON.parse((await fix(dir, state)).stdout) as Outcome;
    const model = o.fixes.find((f) => f.fixer === 'model');
    expect(model?.tool).toContain('2 request(s)');
    expect(model?.tool).toContain('2 of 2 candidates validated, the smallest diff (2 lines) kept');
    const text = readFileSync(join(dir, FILE), 'utf8');
    expect(text).toContain('def needs_restock(self) -> list[str]:');
    expect(text).not.toContain('The value of what is in stock');
    // No candidate worktree is left behind.
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('agent candidates run side by side, each with its own worktree, proxy and token', async () => {
    const dir = repoWith(
      `llm:\n  provider: agent\n  candidates: 2\n  agent:\n    command: ["${FAKE_AGENT}"]\n`,
    );
    const state = mkdtempSync(join(tmpdir(), 'ci-autofix-state-'));
    const before = server.requests.length;
    server.script(anthropicToolReply({ edits: [RIGHT] }), anthropicToolReply({ edits: [RIGHT] }));
    const o = JSON.parse((await fix(dir, state)).stdout) as Outcome;
    expect(o.fixes.find((f) => f.fixer === 'model')?.tool).toContain('2 of 2 candidates validated');
    expect(o.cost.requests).toBe(2);
    expect(readFileSync(join(dir, FILE), 'utf8')).toContain('def needs_restock(self) -> list[str]:');
    expect(server.requests.slice(before)).toHaveLength(2);
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('the per-day budget counts earlier runs: with the day spent, no request is sent', async () => {
    const dir = repoWith('llm:\n  budget:\n    per_day_usd: 1\n');
    const state = mkdtempSync(join(tmpdir(), 'ci-autofix-state-'));
    writeFileSync(
      join(state, 'spend.jsonl'),
      `${JSON.stringify({ at: new Date().toISOString(), key: 'another/repo#7', usd: 0.999, model: 'm', requests: 3, input_tokens: 1, output_tokens: 1 })}\n`,
    );
    const before = server.requests.length;
    const o = JSON.parse((await fix(dir, state)).stdout) as Outcome;
    expect(server.requests.length).toBe(before);
    expect(o.dropped).toEqual([
      expect.objectContaining({
        fixer: 'model',
        reason: expect.stringContaining('llm.budget.per_day_usd ($1)'),
      }),
    ]);
    expect(o.fixes.map((f) => f.fixer)).toEqual(['ruff-format', 'ruff-check']);
  });
});
