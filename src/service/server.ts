import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dashboardOff, type DashboardHandler } from '../dashboard/index.js';
import { SCHEMA_VERSION, appliedVersion, type Database } from '../store/index.js';
import type { Intent } from './intents.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import { intentsFromEvent } from './webhook-events.js';
import { MAX_WEBHOOK_BYTES, verifySignature } from './webhook-signature.js';

export interface ServerDeps {
  db: Database;
  metrics: ServiceMetrics;
  log: Logger;
  /** GITHUB_WEBHOOK_SECRET; without it POST /webhook is refused. */
  webhookSecret?: string;
  /** Stores what a delivery asks for (queue, cancel, supersede, chat-ops) and returns what it did. */
  handle(intent: Intent, delivery: string): Promise<string>;
  /** The bot's own logins, whose comments never run commands. */
  botLogins?: string[];
  /** The pages under /dashboard (src/dashboard/); without it they answer 404 saying how to turn them on. */
  dashboard?: DashboardHandler;
}

/**
 * The service's HTTP side: GitHub's webhooks, the probes and the metrics. A webhook is verified, its
 * intents stored, and the answer sent within milliseconds; workers do the work.
 *
 * It listens while the service is still starting (`deps` not yet settled: the database opening and
 * migrating): `/healthz` answers at once (the process is alive, so a liveness probe does not kill it
 * during a long migration), `/readyz` answers 503 "starting", and anything else waits for the start.
 */
export function createServiceServer(deps: ServerDeps | Promise<ServerDeps>, log: Logger): Server {
  let ready: ServerDeps | undefined;
  const started = Promise.resolve(deps).then((d) => (ready = d));
  started.catch(() => undefined);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const answered =
      path === '/healthz' && req.method === 'GET'
        ? Promise.resolve(send(res, 200, { status: 'ok' }))
        : path === '/readyz' && !ready
          ? Promise.resolve(send(res, 503, { status: 'starting' }))
          : started.then((d) => route(req, res, d, path));
    void answered.catch((err: unknown) => {
      log.error({ err, path: req.url }, 'request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  // Longer than the idle timeout of the proxies in front (60 s is common), so that a proxy never sends a
  // request on a connection this server is closing.
  server.keepAliveTimeout = 65_000;
  return server;
}

export async function listen(server: Server, port: number, host?: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
  path: string | undefined,
): Promise<void> {
  if (path === '/readyz' && req.method === 'GET') return readyz(res, deps);
  if (path === '/metrics' && req.method === 'GET') {
    const body = await deps.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
    res.end(body);
    return;
  }
  if (path === '/webhook') {
    if (req.method !== 'POST') return send(res, 405, { error: 'POST a GitHub webhook delivery here' });
    return webhook(req, res, deps);
  }
  if (path === '/dashboard' || path?.startsWith('/dashboard/')) {
    const url = req.url ?? '';
    const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
    return (deps.dashboard ?? dashboardOff)({ req, res, path, query, body: (max) => readBody(req, max) });
  }
  send(res, 404, {
    error: 'not found: the service answers POST /webhook, GET /healthz, /readyz, /metrics, /dashboard',
  });
}

async function readyz(res: ServerResponse, deps: ServerDeps): Promise<void> {
  try {
    const version = await appliedVersion(deps.db);
    if (version < SCHEMA_VERSION)
      return send(res, 503, { status: 'migrating', schema: version, expected: SCHEMA_VERSION });
    send(res, 200, { status: 'ready', schema: version });
  } catch (err) {
    deps.log.warn({ err }, 'database unreachable');
    send(res, 503, { status: 'database unreachable' });
  }
}

async function webhook(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const started = process.hrtime.bigint();
  const event = header(req, 'x-github-event') ?? '';
  const delivery = header(req, 'x-github-delivery') ?? '';
  const done = (status: number, result: string, body: unknown) => {
    deps.metrics.webhooks.inc({ event: event || 'none', result });
    deps.metrics.webhookSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    send(res, status, body);
  };
  if (!deps.webhookSecret) {
    req.resume();
    return done(404, 'rejected', {
      error:
        'webhooks are not configured here: set GITHUB_WEBHOOK_SECRET to the secret of the GitHub webhook or App',
    });
  }
  const declared = Number(header(req, 'content-length') ?? 0);
  if (declared > MAX_WEBHOOK_BYTES) {
    req.resume();
    return done(413, 'rejected', { error: `payload larger than ${MAX_WEBHOOK_BYTES} bytes` });
  }
  const body = await readBody(req, MAX_WEBHOOK_BYTES);
  if (!body) return done(413, 'rejected', { error: `payload larger than ${MAX_WEBHOOK_BYTES} bytes` });
  if (!verifySignature(deps.webhookSecret, body, header(req, 'x-hub-signature-256'))) {
    deps.log.warn({ event, delivery }, 'webhook signature missing or wrong');
    return done(401, 'rejected', { error: 'X-Hub-Signature-256 is missing or does not match the secret' });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return done(400, 'rejected', {
      error: 'the body is not JSON: set the webhook content type to application/json',
    });
  }
  const { intents, ignored } = intentsFromEvent(event, payload, { botLogins: deps.botLogins ?? [] });
  if (!intents.length) {
    deps.log.debug({ event, delivery, ignored }, 'webhook ignored');
    return done(202, 'ignored', { ignored });
  }
  const results: string[] = [];
  for (const intent of intents) results.push(await deps.handle(intent, delivery));
  deps.log.info({ event, delivery, results }, 'webhook stored');
  done(202, 'queued', { results });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The body, or undefined when it exceeds `max` (the rest is drained, not buffered). */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) over = true;
    if (!over) chunks.push(chunk);
  }
  return over ? undefined : Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
