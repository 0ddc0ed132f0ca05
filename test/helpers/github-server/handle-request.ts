import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppOperation, JWT_NOT_HERE, JWT_UNDECODABLE, looksLikeJwt, verifyAppJwt } from './app-auth.js';
import { serveGit } from './git-http.js';
import { checkRequest, checkResponse, findOperation, specExample } from './openapi-checker.js';
import { fullRepositoryJson, userJson } from './render.js';
import { error, notFound, type Handler, type Reply, type ServerContext } from './rest.js';
import { actionRoutes } from './routes-actions.js';
import { appRoutes } from './routes-apps.js';
import { issueRoutes } from './routes-issues.js';
import { pullRoutes } from './routes-pulls.js';
import { repoRoutes } from './routes-repos.js';
import type { TokenState } from './state.js';

/**
 * One HTTP request through the double: injected faults first, then the unauthenticated log downloads
 * (`/_blobs/`), git smart HTTP (`/git/`), and the REST API, where every request and JSON response is
 * checked against GitHub's OpenAPI description and every mismatch lands in `violations`.
 */

export interface RequestRecord {
  method: string;
  /** The URL path without the query. */
  path: string;
  /** The query string, with its `?`, or ''. */
  query: string;
  status: number;
  /**
   * The login of the token used (never the token), when one was valid; `jwt:<slug>` for a GitHub App's
   * valid JWT.
   */
  auth?: string;
  /** The spec's operationId, for REST requests that name one. */
  operation?: string;
}

export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface Dispatcher {
  ctx: ServerContext;
  faults: Array<Fault & { left: number }>;
  requests: RequestRecord[];
  violations: string[];
  rateRemaining: Map<string, number>;
}

const ROUTES: Record<string, Handler> = { ...repoRoutes, ...pullRoutes, ...actionRoutes, ...issueRoutes };
const RATE_LIMIT = 5000;

export async function handleRequest(d: Dispatcher, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', d.ctx.baseUrl);
  const method = req.method ?? 'GET';
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const record = (status: number, auth?: string, operation?: string) =>
    d.requests.push({
      method,
      path: url.pathname,
      query: url.search,
      status,
      ...(auth ? { auth } : {}),
      ...(operation ? { operation } : {}),
    });

  const fault = d.faults.find(
    (f) => f.left > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
  );
  if (fault) {
    fault.left--;
    const body = fault.body ?? { message: fault.status >= 500 ? 'Server Error' : 'Error' };
    send(
      res,
      { status: fault.status, json: body, headers: fault.headers ?? {} },
      commonHeaders(d, undefined),
    );
    const api = !url.pathname.startsWith('/git/') && !url.pathname.startsWith('/_blobs/');
    record(
      fault.status,
      tokenFor(d, req.headers.authorization)?.login,
      api ? findOperation(method, url.pathname)?.operationId : undefined,
    );
    return;
  }

  if (url.pathname.startsWith('/_blobs/')) {
    const blob = d.ctx.blobs.get(url.pathname.slice('/_blobs/'.length));
    const status = !blob ? 404 : blob.expires < Date.now() ? 403 : 200;
    if (blob && status === 200) {
      res.writeHead(200, { 'content-type': blob.type, 'content-length': String(blob.body.length) });
      res.end(blob.body);
    } else {
      // Azure blob storage answers an expired or unknown signed URL with XML.
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code></Error>');
    }
    record(status);
    return;
  }

  if (url.pathname.startsWith('/git/')) {
    const result = await serveGit(d.ctx.state, req, res, url, raw);
    record(result.status, result.login);
    return;
  }

  const { reply: answer, login, operation } = await rest(d, req, method, url, raw);
  // Conditional requests, as GitHub: every GET answer carries an ETag, and a request whose If-None-Match
  // names the current one gets 304 with no body and costs no rate limit.
  let reply = answer;
  if (method === 'GET' && reply.status === 200 && reply.json !== undefined && reply.raw === undefined) {
    const etag = `W/"${createHash('sha1').update(JSON.stringify(reply.json)).digest('hex')}"`;
    reply = { ...reply, headers: { ...reply.headers, etag } };
    if (req.headers['if-none-match'] === etag) reply = { status: 304, headers: { etag } };
  }
  send(res, reply, commonHeaders(d, reply.status === 304 ? undefined : login));
  record(reply.status, login, operation);
}

async function rest(
  d: Dispatcher,
  req: IncomingMessage,
  method: string,
  url: URL,
  raw: Buffer,
): Promise<{ reply: Reply; login?: string; operation?: string }> {
  let body: unknown;
  if (raw.length) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return { reply: error(400, 'Problems parsing JSON') };
    }
  }
  const checked = checkRequest(method, url.pathname, url.searchParams, body);
  d.violations.push(...checked.violations);
  const operation = checked.operation;
  if (!operation) return { reply: notFound() };
  const bearer = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (isAppOperation(operation.template) || (bearer && looksLikeJwt(bearer))) {
    const { reply, login } = appRequest(d, method, operation.template, operation.params, body, bearer);
    if (reply.raw === undefined) d.violations.push(...checkResponse(operation, reply.status, reply.json));
    return { reply, ...(login ? { login } : {}), operation: operation.operationId };
  }
  const token = tokenFor(d, req.headers.authorization);
  if (!token)
    return {
      reply: error(401, req.headers.authorization ? 'Bad credentials' : 'Requires authentication'),
      operation: operation.operationId,
    };
  const login = token.login;
  const answer = async (): Promise<Reply> => {
    // The token's own user: an installation token (a `[bot]` login, as the Actions token) has none.
    if (method === 'GET' && operation.template === '/user') {
      if (login.endsWith('[bot]')) return error(403, 'Resource not accessible by integration');
      const user = userJson(d.ctx, login);
      const example = specExample<Record<string, unknown>>(
        'private-user-response-with-public-profile-information',
      );
      return { status: 200, json: { ...example, ...user } };
    }
    // The repositories an installation token may see (the service's polling of a whole installation).
    if (method === 'GET' && operation.template === '/installation/repositories') {
      if (!token.repos) return error(403, 'This endpoint can only be accessed with an installation token');
      const repos = Object.keys(token.repos).flatMap((n) => d.ctx.state.repo(n) ?? []);
      return {
        status: 200,
        json: {
          total_count: repos.length,
          repository_selection: 'selected',
          repositories: repos.map((r) => fullRepositoryJson(d.ctx, r)),
        },
      };
    }
    const { owner, repo: name } = operation.params;
    const repo = owner && name ? d.ctx.state.repo(`${owner}/${name}`) : undefined;
    if (!repo || d.ctx.state.access(token, repo.fullName) === 'none') return notFound();
    if (method !== 'GET' && method !== 'HEAD' && d.ctx.state.access(token, repo.fullName) !== 'write')
      return error(403, 'Resource not accessible by integration');
    if (
      method !== 'GET' &&
      token.contents === 'read' &&
      /^\/repos\/\{owner\}\/\{repo\}\/(git|contents)\//.test(operation.template)
    )
      return error(403, 'Resource not accessible by integration');
    if (method === 'POST' && token.actions === 'read' && operation.template.includes('/actions/'))
      return error(403, 'Resource not accessible by integration');
    const handler = ROUTES[`${method} ${operation.template}`];
    if (!handler) {
      d.violations.push(`${method} ${operation.template}: a GitHub operation the double does not implement`);
      return notFound();
    }
    return handler({
      ctx: d.ctx,
      method,
      params: operation.params,
      query: url.searchParams,
      body: (body ?? {}) as Record<string, unknown>,
      token,
      repo,
      url,
    });
  };
  const reply = await answer();
  if (reply.raw === undefined) d.violations.push(...checkResponse(operation, reply.status, reply.json));
  return { reply, login, operation: operation.operationId };
}

/**
 * A request that names a GitHub App endpoint or carries a JWT: App endpoints take the App's JWT only
 * (an installation token or a PAT there reads as an undecodable JWT, as on GitHub), and a valid JWT
 * works on App endpoints only (403 elsewhere).
 */
function appRequest(
  d: Dispatcher,
  method: string,
  template: string,
  params: Record<string, string>,
  body: unknown,
  bearer: string | undefined,
): { reply: Reply; login?: string } {
  if (!bearer) return { reply: error(401, 'Requires authentication') };
  if (!looksLikeJwt(bearer)) return { reply: error(401, JWT_UNDECODABLE) };
  const verified = verifyAppJwt(d.ctx.state, bearer);
  if ('reply' in verified) return { reply: verified.reply };
  const { app } = verified;
  const login = `jwt:${app.slug}`;
  if (!isAppOperation(template)) return { reply: error(403, JWT_NOT_HERE), login };
  const handler = appRoutes[`${method} ${template}`];
  if (!handler) {
    d.violations.push(`${method} ${template}: a GitHub operation the double does not implement`);
    return { reply: notFound(), login };
  }
  return {
    reply: handler({ ctx: d.ctx, params, body: (body ?? {}) as Record<string, unknown>, app }),
    login,
  };
}

function tokenFor(d: Dispatcher, header: string | undefined): TokenState | undefined {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
  return m ? d.ctx.state.token(m[1]!) : undefined;
}

function commonHeaders(d: Dispatcher, login: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'x-github-request-id': randomBytes(8)
      .toString('hex')
      .toUpperCase()
      .replace(/(.{4})(?=.)/g, '$1:'),
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
  };
  if (login) {
    const remaining = Math.max((d.rateRemaining.get(login) ?? RATE_LIMIT) - 1, 0);
    d.rateRemaining.set(login, remaining);
    Object.assign(headers, {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(RATE_LIMIT - remaining),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
    });
  }
  return headers;
}

function send(res: ServerResponse, reply: Reply, common: Record<string, string>): void {
  const headers: Record<string, string> = { ...common, ...reply.headers };
  let payload: Buffer | string = '';
  if (reply.raw !== undefined) payload = reply.raw;
  else if (reply.json !== undefined) {
    headers['content-type'] ??= 'application/json; charset=utf-8';
    payload = JSON.stringify(reply.json);
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}
