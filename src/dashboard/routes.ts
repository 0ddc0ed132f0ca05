import type { IncomingMessage, ServerResponse } from 'node:http';
import { DASHBOARD_OFF, type DashboardAccess } from './access.js';
import { assetNamed, loadAssets, type DashboardAssets } from './assets.js';
import {
  bearerMatches,
  cookie,
  header,
  newSession,
  overHttps,
  sameOrigin,
  sameSecret,
  SESSION_COOKIE,
  sessionCookie,
  sessionKey,
  validSession,
} from './auth.js';
import { isAutofixError } from '../domain/index.js';
import { pageFor, problemPage, windowDays } from './page-routes.js';
import type { PageContext } from './pages/context.js';
import { loginPage, safeNext } from './pages/login.js';
import { redirect, sendAsset, sendError, sendPage, type PageAnswer } from './respond.js';
import type { DashboardSource } from './source.js';

/** A request under /dashboard, as the service's server hands it over. */
export interface DashboardRequest {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  query: URLSearchParams;
  /** The body, or undefined when it is larger than `max` bytes (the server's reader). */
  body(max: number): Promise<Buffer | undefined>;
}
export type DashboardHandler = (request: DashboardRequest) => Promise<void>;

export interface DashboardOptions {
  access: DashboardAccess;
  source: DashboardSource;
  /** GitHub's web address (github-links.ts `githubWebUrl`). */
  web: string;
  /** The clock sessions are made and checked by (tests move it). */
  now?: () => number;
}

/** A login form is a few hundred bytes. */
const MAX_FORM_BYTES = 8192;

/** Every route while the dashboard is off: a 404 that says how to turn it on. */
export const dashboardOff: DashboardHandler = async ({ req, res }) => {
  req.resume();
  sendError(res, 404, DASHBOARD_OFF);
};

/** The dashboard's routes: its assets, the login, and the pages, each page only for whom `access` allows. */
export function dashboardHandler(o: DashboardOptions): DashboardHandler {
  const access = o.access;
  if (access.mode === 'off') return dashboardOff;
  const assets = loadAssets();
  const now = o.now ?? Date.now;
  const key = access.mode === 'token' ? sessionKey(access.token) : undefined;
  const session = (req: IncomingMessage) =>
    key !== undefined && validSession(key, cookie(header(req, 'cookie'), SESSION_COOKIE), now());
  return async (r) => {
    const { req, res, path } = r;
    if (path.startsWith('/dashboard/assets/')) return asset(r, assets);
    if (access.mode === 'token') {
      if (path === '/dashboard/login') return login(r, assets, access, key!, now);
      if (path === '/dashboard/logout') return logout(r, access.secureCookie);
    }
    const signedIn = session(req);
    const allowed =
      access.mode === 'proxy' || signedIn || bearerMatches(access.token, header(req, 'authorization'));
    if (!allowed) return refuse(r, assets);
    const query = r.query.has('days') ? `?days=${windowDays(r.query)}` : '';
    const delivery = { assets, query, signedIn };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      return sendError(res, 405, 'the dashboard is read-only: GET its pages', { allow: 'GET, HEAD' });
    }
    const ctx = { web: o.web, linkJobs: true, days: windowDays(r.query) };
    sendPage(res, await answer(path, r.query, o.source, ctx), delivery);
  };
}

/** The page, a 404, or a 400 for what the store refused as the reader's mistake (a cursor it did not give). */
async function answer(
  path: string,
  query: URLSearchParams,
  source: DashboardSource,
  ctx: PageContext,
): Promise<PageAnswer> {
  try {
    const page = await pageFor(path, query, source, ctx);
    return page
      ? { status: 200, page }
      : { status: 404, page: problemPage('Not found', 'There is no such page or job.') };
  } catch (err) {
    if (!isAutofixError(err) || err.audience !== 'user') throw err;
    return { status: 400, page: problemPage('Cannot show this', err.message) };
  }
}

function asset({ req, res, path }: DashboardRequest, assets: DashboardAssets): void {
  req.resume();
  const found = assetNamed(assets, path.slice('/dashboard/assets/'.length));
  if (!found) return sendError(res, 404, 'no such asset');
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendError(res, 405, 'GET the assets', { allow: 'GET, HEAD' });
  sendAsset(res, found);
}

/**
 * 401 with the login form as the page, so a browser can sign in where it was refused and a client sees
 * the status. Only the token mode gets here (off answers 404, proxy lets everyone through).
 */
function refuse({ req, res, path, query }: DashboardRequest, assets: DashboardAssets): void {
  req.resume();
  const next = query.size ? `${path}?${query.toString()}` : path;
  const answer: PageAnswer = {
    status: 401,
    page: loginPage(next),
    headers: { 'www-authenticate': 'Bearer realm="ci-autofix dashboard"' },
  };
  sendPage(res, answer, { assets });
}

async function login(
  r: DashboardRequest,
  assets: DashboardAssets,
  access: Extract<DashboardAccess, { mode: 'token' }>,
  key: Buffer,
  now: () => number,
): Promise<void> {
  const { req, res } = r;
  if (req.method === 'GET' || req.method === 'HEAD') {
    req.resume();
    return sendPage(res, { status: 200, page: loginPage(safeNext(r.query.get('next'))) }, { assets });
  }
  if (req.method !== 'POST') {
    req.resume();
    return sendError(res, 405, 'GET the login form, POST it', { allow: 'GET, HEAD, POST' });
  }
  if (!sameOrigin(req)) {
    req.resume();
    return sendError(res, 403, 'a sign-in must come from the dashboard’s own login page');
  }
  const body = await r.body(MAX_FORM_BYTES);
  const form = new URLSearchParams(body?.toString('utf8') ?? '');
  const next = safeNext(form.get('next'));
  if (!sameSecret(form.get('token') ?? '', access.token)) {
    const problem = 'That is not the dashboard’s token.';
    return sendPage(res, { status: 401, page: loginPage(next, problem) }, { assets });
  }
  const secure = access.secureCookie || overHttps(req);
  redirect(res, next, { 'set-cookie': sessionCookie(newSession(key, now()), secure) });
}

function logout({ req, res }: DashboardRequest, secureCookie: boolean): void {
  req.resume();
  if (req.method !== 'POST') return sendError(res, 405, 'POST to sign out', { allow: 'POST' });
  if (!sameOrigin(req)) return sendError(res, 403, 'a sign-out must come from the dashboard’s own pages');
  redirect(res, '/dashboard/login', {
    'set-cookie': sessionCookie(undefined, secureCookie || overHttps(req)),
  });
}
