import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LlmUsage } from './llm-client.js';
import { UsageMeter } from './usage-meter.js';

/** Which API the agent speaks: decides the auth header and the endpoints let through. */
export type ProxyApi = 'anthropic' | 'openai';

export interface ModelProxyOptions {
  api: ProxyApi;
  /** The real API base URL (https://api.anthropic.com, https://api.openai.com/v1, a local server). */
  upstream: string;
  /** The real key: it stays in this process, and is added to each forwarded request. */
  apiKey: string;
  /**
   * Asked before each generation request is forwarded, with the usage so far and the request's estimated
   * input tokens: refuse it (a budget that is spent), or cap its output so its worst case fits.
   */
  admit?(spent: ProxyUsage, estimatedInputTokens: number): Admission | undefined;
  /**
   * Listen on this Unix socket instead of a loopback port; the agent then reaches it through a forwarder
   * at `origin` inside its sandbox (so its sandbox needs no network).
   */
  socket?: { path: string; origin: string };
}

export type Admission = { refuse: string } | { maxOutputTokens: number };

export interface ProxyUsage extends Required<LlmUsage> {
  requests: number;
  refused: number;
  /** The model the upstream said answered (the last one). */
  model?: string;
}

export interface ModelProxy {
  /** What the agent is given as its base URL: this proxy, on the loopback interface. */
  baseURL: string;
  /** The scoped token the agent is given instead of the key: valid for this proxy only, until it closes. */
  token: string;
  usage: ProxyUsage;
  close(): Promise<void>;
}

// Endpoints an agent needs to talk to a model; everything else (telemetry, files, admin) is refused.
const ALLOWED: Record<ProxyApi, RegExp> = {
  anthropic: /^\/v1\/(messages(\/count_tokens)?|models(\/[\w.-]+)?)$/,
  openai: /^\/(chat\/completions|responses|completions|models(\/[\w.-]+)?)$/,
};
const MAX_REQUEST_BYTES = 20 * 1024 * 1024;
const UNCAPPED_ROOM = 32_768;
// Endpoints that generate (and cost), and the field each takes for the output allowance.
const GENERATION: Array<[RegExp, string[]]> = [
  [/^\/v1\/messages$/, ['max_tokens']],
  [/^\/chat\/completions$/, ['max_completion_tokens', 'max_tokens']],
  [/^\/responses$/, ['max_output_tokens']],
  [/^\/completions$/, ['max_tokens']],
];

/**
 * A key-holding reverse proxy for agent CLIs (Claude Code, codex). The agent runs in the sandbox with
 * no credential: it gets this proxy's loopback URL and a per-run token. The proxy checks the token,
 * lets through only model endpoints, swaps in the real key, streams the reply back, and meters every
 * reply's usage fields, so budgets hold for agents too and the key never enters the sandbox.
 */
export async function startModelProxy(options: ModelProxyOptions): Promise<ModelProxy> {
  const upstream = new URL(options.upstream);
  const proxy: ProxyState = {
    options,
    token: `cia-scoped-${randomBytes(24).toString('hex')}`,
    upstream,
    prefix: upstream.pathname.replace(/\/$/, ''),
    usage: {
      requests: 0,
      refused: 0,
      input_tokens: 0,
      output_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    },
  };
  const server = createServer((req, res) => {
    handle(proxy, req, res).catch((err: unknown) => {
      if (!res.headersSent)
        reply(res, options.api, 502, `ci-autofix model proxy: upstream failed: ${String(err)}`);
      else res.destroy();
    });
  });
  const origin = await listen(server, options.socket);
  return {
    baseURL: `${origin}${proxy.prefix}`,
    token: proxy.token,
    usage: proxy.usage,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What one proxy's requests share. */
interface ProxyState {
  options: ModelProxyOptions;
  token: string;
  upstream: URL;
  /** The upstream's path (a local server's /v1), which the agent's requests carry too. */
  prefix: string;
  usage: ProxyUsage;
}

/** Listens where the options say; the origin the agent reaches the proxy at. */
async function listen(server: Server, socket: ModelProxyOptions['socket']): Promise<string> {
  if (socket) {
    await new Promise<void>((resolve) => server.listen(socket.path, resolve));
    // The sandbox runs as another user: it must be able to connect (the token still guards every request).
    await chmod(socket.path, 0o666);
    return socket.origin;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An error answer in the shape of the API the agent speaks, so the agent reports it as such. */
function reply(res: ServerResponse, api: ProxyApi, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify(
      api === 'anthropic'
        ? { type: 'error', error: { type: 'permission_error', message } }
        : { error: { message, type: 'invalid_request_error' } },
    ),
  );
}

async function handle(proxy: ProxyState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { api } = proxy.options;
  const presented =
    api === 'anthropic'
      ? String(req.headers['x-api-key'] ?? '')
      : String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
  if (!sameSecret(presented, proxy.token))
    return reply(res, api, 401, 'ci-autofix model proxy: wrong or missing token');
  const url = new URL(req.url ?? '/', 'http://proxy');
  const path = url.pathname.startsWith(proxy.prefix) ? url.pathname.slice(proxy.prefix.length) : url.pathname;
  if (!ALLOWED[api].test(path))
    return reply(res, api, 403, `ci-autofix model proxy: ${path} is not a model endpoint`);
  const body = await readBody(req);
  if (body === undefined) return reply(res, api, 413, 'ci-autofix model proxy: request too large');
  const admitted = admit(proxy, path, body);
  if ('refuse' in admitted) {
    proxy.usage.refused++;
    return reply(res, api, 429, `ci-autofix model proxy: ${admitted.refuse}`);
  }
  proxy.usage.requests++;
  await forward(
    proxy,
    req,
    res,
    `${proxy.upstream.origin}${proxy.prefix}${path}${url.search}`,
    admitted.body,
  );
}

/** The body to forward, its output allowance capped to what the budget admits; or the budget's refusal. */
function admit(proxy: ProxyState, path: string, body: Buffer): { body: Buffer } | { refuse: string } {
  const fields = GENERATION.find(([re]) => re.test(path))?.[1];
  if (!fields || !proxy.options.admit) return { body };
  // Characters / 3 over-counts tokens a little: the safe side for a budget.
  const admission = proxy.options.admit(proxy.usage, Math.ceil(body.length / 3));
  if (!admission) return { body };
  if ('refuse' in admission) return admission;
  return { body: capOutput(body, fields, admission.maxOutputTokens) };
}

/** Sends the request upstream with the real key, streams the answer back, and meters its usage. */
async function forward(
  proxy: ProxyState,
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  body: Buffer,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'x-api-key' || name === 'authorization')
      continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (proxy.options.api === 'anthropic') headers['x-api-key'] = proxy.options.apiKey;
  else headers.authorization = `Bearer ${proxy.options.apiKey}`;
  const upstreamResponse = await fetch(target, {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
  });
  const outHeaders: Record<string, string> = {};
  upstreamResponse.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding' && name !== 'content-length')
      outHeaders[name] = value;
  });
  res.writeHead(upstreamResponse.status, outHeaders);
  const meter = new UsageMeter();
  if (upstreamResponse.body)
    for await (const chunk of upstreamResponse.body as unknown as AsyncIterable<Uint8Array>) {
      meter.push(chunk);
      res.write(chunk);
    }
  res.end();
  const seen = meter.finish();
  const { usage } = proxy;
  usage.input_tokens += seen.input_tokens;
  usage.output_tokens += seen.output_tokens;
  usage.cache_read_input_tokens += seen.cache_read_input_tokens;
  usage.cache_creation_input_tokens += seen.cache_creation_input_tokens;
  if (seen.model) usage.model = seen.model;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
]);

/**
 * Lowers the request's output allowance to `max` (adding it when the request sets none), so the worst
 * case of the request fits the budget. A body that is not a JSON object is sent as it came.
 */
export function capOutput(body: Buffer, fields: string[], max: number): Buffer {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return body;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return body;
  const field = fields.find((f) => typeof v[f] === 'number') ?? fields[0]!;
  const asked = v[field];
  if (typeof asked === 'number' && asked <= max) return body;
  // A request that sets no allowance is left alone while the budget has room for a long answer: an
  // allowance above the model's own limit would be rejected.
  if (typeof asked !== 'number' && max >= UNCAPPED_ROOM) return body;
  v[field] = max;
  return Buffer.from(JSON.stringify(v));
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
