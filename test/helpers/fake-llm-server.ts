import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A local server that speaks the Anthropic Messages and OpenAI Chat Completions protocols well enough
 * for the official SDKs: each request takes the next scripted reply (a JSON body, a status, headers, a raw
 * body, or a stall). Requests are recorded, headers included, for assertions.
 */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string;
  /** Never answer (a stalled connection). */
  stall?: boolean;
  /** Server-sent events, written one by one. */
  sse?: Array<{ event: string; data: unknown }>;
}

export interface FakeLlmServer {
  url: string;
  requests: Array<{ path: string; headers: IncomingMessage['headers']; body: unknown }>;
  script(...replies: Reply[]): void;
  /** Answers by looking at each request instead of a script (an agent's conversation); undefined restores the script. */
  respond(handler: ((request: { path: string; body: unknown }) => Reply) | undefined): void;
  close(): Promise<void>;
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const queue: Reply[] = [];
  const requests: FakeLlmServer['requests'] = [];
  const stalled: ServerResponse[] = [];
  let handler: ((request: { path: string; body: unknown }) => Reply) | undefined;
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      let body: unknown = data;
      try {
        body = JSON.parse(data);
      } catch {
        // Recorded as text.
      }
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      const reply = handler?.({ path: req.url ?? '', body }) ??
        queue.shift() ?? {
          status: 500,
          json: { error: { type: 'api_error', message: 'no reply scripted' } },
        };
      if (reply.stall) {
        stalled.push(res);
        return;
      }
      if (reply.sse) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const e of reply.sse)
          res.write(
            `event: ${e.event}\ndata: ${typeof e.data === 'string' ? e.data : JSON.stringify(e.data)}\n\n`,
          );
        res.end();
        return;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.raw ?? JSON.stringify(reply.json ?? {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    respond: (h) => (handler = h),
    close: async () => {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export function anthropicToolReply(input: unknown, usage = { input_tokens: 812, output_tokens: 64 }): Reply {
  return {
    json: {
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-5',
      content: [
        { type: 'text', text: 'The return annotation is wrong.' },
        { type: 'tool_use', id: 'toolu_01', name: 'propose_edits', input },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage,
    },
  };
}

export function openAiToolReply(
  argumentsText: string,
  usage = { prompt_tokens: 700, completion_tokens: 50 },
): Reply {
  return {
    json: {
      id: 'chatcmpl-01',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'qwen2.5-coder:7b',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_01',
                type: 'function',
                function: { name: 'propose_edits', arguments: argumentsText },
              },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** The same tool-use reply as server-sent events, the tool input streamed in small JSON pieces. */
export function anthropicStreamReply(
  input: unknown,
  usage = { input_tokens: 812, output_tokens: 64 },
  tool = 'propose_edits',
): Reply {
  const json = JSON.stringify(input);
  const pieces = json.match(/.{1,16}/gs) ?? [];
  return anthropicStream(
    { type: 'tool_use', id: `toolu_${Math.random().toString(36).slice(2, 10)}`, name: tool, input: {} },
    pieces.map((p) => ({ type: 'input_json_delta', partial_json: p })),
    'tool_use',
    usage,
  );
}

/** A plain text answer as server-sent events (the end of an agent's turn). */
export function anthropicStreamText(text: string, usage = { input_tokens: 100, output_tokens: 10 }): Reply {
  return anthropicStream({ type: 'text', text: '' }, [{ type: 'text_delta', text }], 'end_turn', usage);
}

function anthropicStream(
  block: Record<string, unknown>,
  deltas: Array<Record<string, unknown>>,
  stopReason: string,
  usage: { input_tokens: number; output_tokens: number },
): Reply {
  return {
    sse: [
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: {
            id: 'msg_s1',
            type: 'message',
            role: 'assistant',
            model: 'claude-sonnet-5',
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
          },
        },
      },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: block } },
      ...deltas.map((delta) => ({
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index: 0, delta },
      })),
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: null },
          usage: { output_tokens: usage.output_tokens },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ],
  };
}

/** A Chat Completions tool call streamed as chunks, the arguments in pieces, usage last, then [DONE]. */
export function openAiStreamReply(
  argumentsText: string,
  usage = { prompt_tokens: 700, completion_tokens: 50 },
): Reply {
  const base = {
    id: 'chatcmpl-s1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'qwen2.5-coder:7b',
  };
  const pieces = argumentsText.match(/.{1,12}/gs) ?? [];
  return {
    sse: [
      {
        event: 'chunk',
        data: {
          ...base,
          choices: [
            {
              index: 0,
              delta: {
                role: 'assistant',
                content: null,
                tool_calls: [
                  {
                    index: 0,
                    id: 'call_s1',
                    type: 'function',
                    function: { name: 'propose_edits', arguments: '' },
                  },
                ],
              },
              finish_reason: null,
            },
          ],
        },
      },
      ...pieces.map((p) => ({
        event: 'chunk',
        data: {
          ...base,
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, function: { arguments: p } }] },
              finish_reason: null,
            },
          ],
        },
      })),
      { event: 'chunk', data: { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
      {
        event: 'chunk',
        data: {
          ...base,
          choices: [],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        },
      },
      { event: 'chunk', data: '[DONE]' },
    ],
  };
}

/** One output item of the OpenAI Responses API as server-sent events (what codex reads). */
export function responsesStreamReply(
  item: Record<string, unknown>,
  usage = { input_tokens: 1500, output_tokens: 60 },
): Reply {
  const id = `resp_${Math.random().toString(36).slice(2, 10)}`;
  const response = { id, object: 'response', model: 'gpt-5-codex' };
  const event = (data: Record<string, unknown>) => ({ event: data.type as string, data });
  return {
    sse: [
      event({ type: 'response.created', response: { ...response, status: 'in_progress', output: [] } }),
      event({ type: 'response.output_item.done', output_index: 0, item }),
      event({
        type: 'response.completed',
        response: {
          ...response,
          status: 'completed',
          output: [item],
          usage: {
            ...usage,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: usage.input_tokens + usage.output_tokens,
          },
        },
      }),
    ],
  };
}
