import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentCliClient, capOutput, startModelProxy, UsageMeter } from '../src/llm/index.js';
import { BwrapSandbox, bwrapWorks, LocalSandbox, sandboxEnv, type Sandbox } from '../src/sandbox/index.js';
import { repoRoot } from './helpers/cli.js';
import {
  anthropicStreamReply,
  anthropicToolReply,
  startFakeLlmServer,
  type FakeLlmServer,
} from './helpers/fake-llm-server.js';

/**
 * Agent CLIs run in the sandbox and never hold a key: they talk to a loopback proxy with a scoped token;
 * the proxy holds the real key, lets only model endpoints through, meters usage and enforces the budget.
 * The agent here is a stand-in (test/helpers/fake-agent-cli.mjs) that behaves like `claude -p`.
 */
const REAL_KEY = 'sk-ant-api03-canary0123456789abcdefghijklmnopqrstuvwxyz';
const GITHUB = 'ghp_Zq8vC4n2Xk7Tb1Lm9Rw3Ys5Pd6Hf0Ja2Ue4Gi';
const parentEnv = { ...process.env, ANTHROPIC_API_KEY: REAL_KEY, GITHUB_TOKEN: GITHUB };
const FAKE_AGENT = join(repoRoot, 'test/helpers/fake-agent-cli.mjs');

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());

const hasBwrap = await bwrapWorks();
const sandboxes: Array<[string, () => Sandbox, boolean]> = [
  ['local', () => new LocalSandbox(parentEnv), true],
  ['bwrap', () => new BwrapSandbox('bwrap', parentEnv), hasBwrap],
];

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-agent-'));
  writeFileSync(join(dir, 'app.py'), 'def total(xs: list[int]) -> str:\n    return sum(xs)\n');
  return dir;
}

/** An agent CLI client for `argv`, run in `sandbox`, whose proxy holds REAL_KEY for the local server. */
const agentIn = (sandbox: Sandbox, argv: string[]) =>
  new AgentCliClient({
    name: 'agent',
    argv,
    api: 'anthropic',
    model: 'claude-sonnet-5',
    upstream: server.url,
    apiKey: REAL_KEY,
    sandbox,
    timeoutMs: 30_000,
  });

const EDIT = { file: 'app.py', old: ') -> str:', new: ') -> int:' };

for (const [name, make, available] of sandboxes)
  describe.skipIf(!available)(`an agent CLI in the ${name} sandbox`, () => {
    it('edits the worktree through the proxy: scoped token in, real key out, usage metered', async () => {
      const dir = workdir();
      const before = server.requests.length;
      server.script(anthropicToolReply({ edits: [EDIT] }, { input_tokens: 900, output_tokens: 70 }));
      const agent = agentIn(make(), [FAKE_AGENT, '{model}']);
      const result = await agent.run({ dir, prompt: 'fix app.py', readable: [] });
      expect(readFileSync(join(dir, 'app.py'), 'utf8')).toContain(') -> int:');
      expect(result).toMatchObject({
        ok: true,
        requests: 1,
        model: 'claude-sonnet-5',
        usage: { input_tokens: 900, output_tokens: 70 },
      });
      // Only the model request reached the real API, with the real key; the probe of /v1/files did not.
      const sent = server.requests.slice(before);
      expect(sent.map((r) => r.path)).toEqual(['/v1/messages']);
      expect(sent[0]!.headers['x-api-key']).toBe(REAL_KEY);
      expect(JSON.stringify(sent[0]!.body)).toContain('fix app.py');
    });

    it('sees no credential: its key is a scoped token, and nothing in its environment is a secret', async () => {
      const dir = workdir();
      // An "agent" that prints the environment it was given, as one talked into it would.
      const agent = agentIn(make(), ['/bin/sh', '-c', "tr '\\0' '\\n' < /proc/self/environ"]);
      const { text } = await agent.run({ dir, prompt: 'fix app.py', readable: [] });
      expect(text).toMatch(/^ANTHROPIC_API_KEY=cia-scoped-[0-9a-f]{48}$/m);
      expect(text).toMatch(/^ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/m);
      expect(text).not.toContain(REAL_KEY);
      expect(text).not.toContain(GITHUB);
      expect(text).not.toContain('canary0123456789');
    });

    it('a request over the budget is refused by the proxy, and the run says why', async () => {
      const dir = workdir();
      const before = server.requests.length;
      const agent = agentIn(make(), [FAKE_AGENT]);
      const result = await agent.run({
        dir,
        prompt: 'fix app.py',
        readable: [],
        admit: () => ({ refuse: 'stopped by llm.budget.per_fix_usd ($0.5)' }),
      });
      expect(result.ok).toBe(false);
      expect(result.text).toContain('llm.budget.per_fix_usd');
      expect(server.requests.length).toBe(before);
      expect(readFileSync(join(dir, 'app.py'), 'utf8')).toContain(') -> str:');
    });
  });

describe.skipIf(!hasBwrap)('an agent CLI under bubblewrap', () => {
  it('has no network but the proxy: a server on the host is out of reach, the model is not', async () => {
    const host = createServer((req, res) => res.end('host reached'));
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const port = (host.address() as { port: number }).port;
    server.respond(() => ({ json: { data: [{ id: 'claude-sonnet-5' }] } }));
    try {
      const probe = `
        const tryGet = (url, headers) => fetch(url, { headers }).then((r) => r.status + ' ' + (r.ok ? 'ok' : 'refused'), (e) => 'unreachable');
        Promise.all([
          tryGet('http://127.0.0.1:${port}/'),
          tryGet(process.env.ANTHROPIC_BASE_URL + '/v1/models', { 'x-api-key': process.env.ANTHROPIC_API_KEY }),
        ]).then(([h, m]) => console.log('host: ' + h + '; model: ' + m));`;
      const agent = agentIn(new BwrapSandbox('bwrap', parentEnv), [process.execPath, '-e', probe]);
      const { text } = await agent.run({ dir: workdir(), prompt: '', readable: [] });
      expect(text).toBe('host: unreachable; model: 200 ok');
    } finally {
      server.respond(undefined);
      host.close();
    }
  });
});

describe('the model proxy', () => {
  it('refuses a wrong token and endpoints that are not a model', async () => {
    const proxy = await startModelProxy({ api: 'anthropic', upstream: server.url, apiKey: REAL_KEY });
    try {
      const wrong = await fetch(`${proxy.baseURL}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': REAL_KEY },
        body: '{}',
      });
      expect(wrong.status).toBe(401);
      const files = await fetch(`${proxy.baseURL}/v1/files`, { headers: { 'x-api-key': proxy.token } });
      expect(files.status).toBe(403);
      expect(await files.text()).toContain('not a model endpoint');
    } finally {
      await proxy.close();
    }
    // Closed means closed: the token opens nothing after the run.
    await expect(fetch(`${proxy.baseURL}/v1/messages`)).rejects.toThrow();
  });

  it('streams a reply through and meters it (Anthropic server-sent events)', async () => {
    const proxy = await startModelProxy({ api: 'anthropic', upstream: server.url, apiKey: REAL_KEY });
    server.script(anthropicStreamReply({ edits: [] }, { input_tokens: 1234, output_tokens: 56 }));
    try {
      const r = await fetch(`${proxy.baseURL}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': proxy.token, 'content-type': 'application/json' },
        body: JSON.stringify({ stream: true }),
      });
      const text = await r.text();
      expect(text).toContain('event: message_stop');
      expect(proxy.usage).toMatchObject({ requests: 1, input_tokens: 1234, output_tokens: 56 });
    } finally {
      await proxy.close();
    }
  });

  it('reads usage from every reply shape: Anthropic, OpenAI chat, OpenAI responses', () => {
    const meter = (chunks: string[]) => {
      const m = new UsageMeter();
      for (const c of chunks) m.push(new TextEncoder().encode(c));
      return m.finish();
    };
    expect(
      meter([
        'event: message_start\ndata: {"type":"message_start","message":{"model":"claude-x","usage":{"input_tokens":10,"cache_read_input_tokens":500,"output_tokens":1}}}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":42}}\n\n',
      ]),
    ).toMatchObject({ model: 'claude-x', input_tokens: 10, cache_read_input_tokens: 500, output_tokens: 42 });
    expect(
      meter([
        'data: {"model":"gpt-x","choices":[{"delta":{"content":"hi"}}]}\n\n',
        'data: {"model":"gpt-x","choices":[],"usage":{"prompt_tokens":300,"completion_tokens":20}}\n\ndata: [DONE]\n\n',
      ]),
    ).toMatchObject({ model: 'gpt-x', input_tokens: 300, output_tokens: 20 });
    expect(
      meter([
        'event: response.completed\ndata: {"type":"response.completed","response":{"model":"gpt-5-codex","usage":{"input_tokens":77,"output_tokens":8}}}\n\n',
      ]),
    ).toMatchObject({ model: 'gpt-5-codex', input_tokens: 77, output_tokens: 8 });
    expect(meter(['{"model":"m","usage":{"input_', 'tokens":5,"output_tokens":6}}'])).toMatchObject({
      input_tokens: 5,
      output_tokens: 6,
    });
  });
});

describe('brokered variables', () => {
  it('let a scoped token or a loopback URL through under a secret-looking name, and nothing else', () => {
    const token = `cia-scoped-${'a'.repeat(48)}`;
    expect(
      sandboxEnv({}, {}, '/tmp/h', { ANTHROPIC_API_KEY: token, ANTHROPIC_BASE_URL: 'http://127.0.0.1:4000' }),
    ).toMatchObject({ ANTHROPIC_API_KEY: token });
    expect(() => sandboxEnv({}, {}, '/tmp/h', { ANTHROPIC_API_KEY: REAL_KEY })).toThrow(
      /brokered value must be a scoped proxy token/,
    );
    expect(() => sandboxEnv({}, {}, '/tmp/h', { X: 'https://api.anthropic.com' })).toThrow(/brokered/);
  });
});

describe('the model proxy and the budget', () => {
  it("caps a request's output allowance to what the budget has left, and refuses when nothing is left", async () => {
    let left = 300;
    const proxy = await startModelProxy({
      api: 'anthropic',
      upstream: server.url,
      apiKey: REAL_KEY,
      admit: () =>
        left > 0 ? { maxOutputTokens: left } : { refuse: 'stopped by llm.budget.per_day_usd ($20)' },
    });
    const before = server.requests.length;
    server.script(anthropicToolReply({ edits: [] }), anthropicToolReply({ edits: [] }));
    const post = (body: unknown) =>
      fetch(`${proxy.baseURL}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': proxy.token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      expect((await post({ model: 'm', max_tokens: 32000, messages: [] })).status).toBe(200);
      expect((await post({ model: 'm', max_tokens: 100, messages: [] })).status).toBe(200);
      left = 0;
      const refused = await post({ model: 'm', max_tokens: 100, messages: [] });
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain('llm.budget.per_day_usd');
      const sent = server.requests.slice(before).map((r) => (r.body as { max_tokens: number }).max_tokens);
      expect(sent).toEqual([300, 100]);
      expect(proxy.usage).toMatchObject({ requests: 2, refused: 1 });
    } finally {
      await proxy.close();
    }
  });

  it('adds an allowance to a request that sets none only when the budget is short of a long answer', () => {
    const body = Buffer.from(JSON.stringify({ model: 'gpt', messages: [] }));
    expect(
      JSON.parse(capOutput(body, ['max_completion_tokens', 'max_tokens'], 500).toString()),
    ).toMatchObject({
      max_completion_tokens: 500,
    });
    expect(capOutput(body, ['max_completion_tokens'], 100_000)).toBe(body);
    const raw = Buffer.from('not json');
    expect(capOutput(raw, ['max_tokens'], 10)).toBe(raw);
  });
});
