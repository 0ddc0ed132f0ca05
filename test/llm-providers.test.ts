import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicClient } from '../src/llm/anthropic-client.js';
import { OpenAiCompatibleClient } from '../src/llm/openai-client.js';
import {
  anthropicStreamReply,
  anthropicToolReply,
  openAiStreamReply,
  openAiToolReply,
  startFakeLlmServer,
  type FakeLlmServer,
} from './helpers/fake-llm-server.js';

const EDIT = {
  file: 'pkg/api.py',
  old: 'def total(values: list[int]) -> str:',
  new: 'def total(values: list[int]) -> int:',
};
const request = {
  system: 'You fix CI failures.',
  messages: [{ role: 'user' as const, content: 'mypy: return-value at pkg/api.py:6' }],
  maxTokens: 1024,
};

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());

describe('Anthropic Messages API through the official SDK', () => {
  const client = (opts: { timeoutMs?: number; maxRetries?: number } = {}) =>
    new AnthropicClient({
      apiKey: 'sk-ant-test-key',
      model: 'claude-sonnet-5',
      baseURL: server.url,
      ...opts,
    });

  it('forces the edit tool and reads its edits and usage', async () => {
    server.script(anthropicToolReply({ edits: [EDIT], explanation: 'sum() returns an int' }));
    const r = await client().complete(request);
    expect(r).toEqual({
      edits: [EDIT],
      text: 'sum() returns an int',
      usage: { input_tokens: 812, output_tokens: 64 },
      model: 'claude-sonnet-5',
    });
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    // SDK 1.x sends the key as a bearer token (0.x used x-api-key).
    expect(sent.headers.authorization ?? `Bearer ${sent.headers['x-api-key']}`).toBe(
      'Bearer sk-ant-test-key',
    );
    expect(sent.headers['anthropic-version']).toBeTruthy();
    expect(sent.body).toMatchObject({
      system: 'You fix CI failures.',
      tool_choice: { type: 'tool', name: 'propose_edits' },
      max_tokens: 1024,
    });
  });

  it('retries after a 429 with retry-after, and after a 500', async () => {
    const before = server.requests.length;
    server.script(
      {
        status: 429,
        headers: { 'retry-after-ms': '20' },
        json: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } },
      },
      { status: 500, json: { type: 'error', error: { type: 'api_error', message: 'oops' } } },
      anthropicToolReply({ edits: [EDIT] }),
    );
    const r = await client({ maxRetries: 2 }).complete(request);
    expect(r.edits).toEqual([EDIT]);
    expect(server.requests.length - before).toBe(3);
  });

  it('turns vendor failures into errors that say what to do', async () => {
    server.script({
      status: 401,
      json: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
    });
    await expect(client({ maxRetries: 0 }).complete(request)).rejects.toThrow(
      /refused the credentials \(HTTP 401\): check the API key/,
    );
    server.script({ raw: '{"id": "msg_01", "content": [' });
    await expect(client({ maxRetries: 0 }).complete(request)).rejects.toThrow(/Anthropic request failed/);
    server.script({ stall: true });
    await expect(client({ maxRetries: 0, timeoutMs: 300 }).complete(request)).rejects.toThrow(
      /Anthropic request failed/,
    );
  });

  it('streams: the tool input arrives in server-sent pieces and is assembled', async () => {
    server.script(anthropicStreamReply({ edits: [EDIT], explanation: 'streamed' }));
    const r = await new AnthropicClient({
      apiKey: 'k',
      model: 'claude-sonnet-5',
      baseURL: server.url,
      stream: true,
    }).complete(request);
    expect(r).toEqual({
      edits: [EDIT],
      text: 'streamed',
      usage: { input_tokens: 812, output_tokens: 64 },
      model: 'claude-sonnet-5',
    });
    expect(server.requests.at(-1)!.body).toMatchObject({ stream: true });
  });

  it('a reply without the tool is an answer with no edits', async () => {
    server.script({
      json: {
        ...((anthropicToolReply({}).json as object) ?? {}),
        content: [{ type: 'text', text: 'I cannot fix this.' }],
      },
    });
    const r = await client().complete(request);
    expect(r.edits).toEqual([]);
    expect(r.text).toBe('I cannot fix this.');
  });
});

describe('OpenAI-compatible Chat Completions through the official SDK', () => {
  const client = (opts: { timeoutMs?: number; maxRetries?: number } = {}) =>
    new OpenAiCompatibleClient({
      apiKey: 'ollama',
      model: 'qwen2.5-coder:7b',
      baseURL: `${server.url}/v1`,
      ...opts,
    });

  it('forces the edit function and reads its JSON arguments and usage', async () => {
    server.script(openAiToolReply(JSON.stringify({ edits: [EDIT] })));
    const r = await client().complete(request);
    expect(r).toEqual({
      edits: [EDIT],
      text: '',
      usage: { input_tokens: 700, output_tokens: 50 },
      model: 'qwen2.5-coder:7b',
    });
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer ollama');
    expect(sent.body).toMatchObject({
      messages: [{ role: 'system', content: 'You fix CI failures.' }, { role: 'user' }],
      tool_choice: { type: 'function', function: { name: 'propose_edits' } },
    });
  });

  it('arguments that are not JSON give no edits (the loop will say so), a 429 is retried', async () => {
    server.script(
      { status: 429, headers: { 'retry-after-ms': '10' }, json: { error: { message: 'rate limited' } } },
      openAiToolReply('{"edits": [ {"file": '),
    );
    const r = await client({ maxRetries: 1 }).complete(request);
    expect(r.edits).toEqual([]);
  });

  it('streams: the function arguments arrive in pieces, usage in the last chunk', async () => {
    server.script(openAiStreamReply(JSON.stringify({ edits: [EDIT] })));
    const r = await new OpenAiCompatibleClient({
      apiKey: 'ollama',
      model: 'qwen2.5-coder:7b',
      baseURL: `${server.url}/v1`,
      stream: true,
    }).complete(request);
    expect(r).toEqual({
      edits: [EDIT],
      text: '',
      usage: { input_tokens: 700, output_tokens: 50 },
      model: 'qwen2.5-coder:7b',
    });
    expect(server.requests.at(-1)!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('a stalled server times out with a clear error', async () => {
    server.script({ stall: true });
    await expect(client({ maxRetries: 0, timeoutMs: 300 }).complete(request)).rejects.toThrow(
      /OpenAI-compatible server request failed/,
    );
  });
});
