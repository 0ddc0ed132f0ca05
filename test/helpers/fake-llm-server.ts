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
}

export interface FakeLlmServer {
  url: string;
  requests: Array<{ path: string; headers: IncomingMessage['headers']; body: unknown }>;
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const queue: Reply[] = [];
  const requests: FakeLlmServer['requests'] = [];
  const stalled: ServerResponse[] = [];
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
      const reply = queue.shift() ?? {
        status: 500,
        json: { error: { type: 'api_error', message: 'no reply scripted' } },
      };
      if (reply.stall) {
        stalled.push(res);
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
