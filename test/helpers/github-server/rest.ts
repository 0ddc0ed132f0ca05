import type { RenderContext } from './render.js';
import type { RepoState, TokenState } from './state.js';

/**
 * The shapes shared by the REST handlers: a call (the operation's path parameters, query, body, the
 * caller) in, a reply out. Handlers are keyed by the spec's own `METHOD /path/{template}`, so a route
 * the double serves is by construction an operation GitHub has.
 */

export interface Call {
  ctx: ServerContext;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  token: TokenState;
  /** The repository named by `{owner}/{repo}`, when the operation has one (already access-checked). */
  repo: RepoState;
  /** The request URL, for pagination links. */
  url: URL;
}

export interface Reply {
  status: number;
  json?: unknown;
  /** A body that is not JSON (logs, zips). */
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

export type Handler = (call: Call) => Reply | Promise<Reply>;

export interface ServerContext extends RenderContext {
  /** Short-lived unauthenticated downloads (the log redirects' targets): id → content. */
  blobs: Map<string, { body: Buffer; type: string; expires: number }>;
  baseUrl: string;
}

const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body: `{message, documentation_url, status}` (status as a string, as GitHub sends it). */
export function error(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, json: { message, documentation_url: DOCS, status: String(status), ...extra } };
}

export function notFound(): Reply {
  return error(404, 'Not Found');
}

/** 422 the way GitHub reports a field it refused. */
export function invalid(resource: string, field: string, code = 'invalid', message?: string): Reply {
  return error(422, 'Validation Failed', {
    errors: [{ resource, field, code, ...(message ? { message } : {}) }],
  });
}

/** `per_page`/`page` and GitHub's `Link` header (first/prev/next/last, only those that apply). */
export function paginate<T>(call: Call, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(call.query.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(call.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string) => {
    const u = new URL(call.url.pathname + call.url.search, call.ctx.apiUrl);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
}

/** A paginated plain list. */
export function listReply<T>(call: Call, items: T[], render: (item: T) => unknown): Reply {
  const page = paginate(call, items);
  return { status: 200, json: page.items.map(render), headers: page.headers };
}

/** A paginated `{total_count, <key>: [...]}` list (workflow runs, jobs, check runs). */
export function countedReply<T>(call: Call, key: string, items: T[], render: (item: T) => unknown): Reply {
  const page = paginate(call, items);
  return {
    status: 200,
    json: { total_count: items.length, [key]: page.items.map(render) },
    headers: page.headers,
  };
}

export function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}
