import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutofixError } from '../domain/index.js';
import type { DashboardAccess } from './access.js';
import { SESSION_COOKIE, SESSION_SECONDS } from './auth.js';
import { PAGE_CSP } from './respond.js';
import { dashboardHandler } from './routes.js';
import type { DashboardSource } from './source.js';
import { JOB_ID, jobDetail, overview } from './test-data.js';

const TOKEN = 'dashboard-token-0123456789abcdef';
const source: DashboardSource = {
  overview: async () => overview(),
  jobs: async ({ cursor }) => {
    if (cursor === 'not-a-cursor')
      throw new AutofixError('bad-cursor', 'the page cursor is not one the list gave');
    return overview().latest;
  },
  job: async (id) => (id === JOB_ID ? jobDetail() : undefined),
};

/** A server that hands /dashboard to the handler as the service's does (server.ts). */
async function serve(access: DashboardAccess, clock: { now: number }) {
  const handler = dashboardHandler({ access, source, web: 'https://github.com', now: () => clock.now });
  const server = createServer((req, res) => {
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    const body = async () => {
      const chunks: Buffer[] = [];
      for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
      return Buffer.concat(chunks);
    };
    void handler({ req, res, path, query: new URLSearchParams(query), body });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, redirect: 'manual' });
const login = (base: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/dashboard/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, ...headers },
    body: new URLSearchParams({ token, next: '/dashboard/jobs' }).toString(),
  });
const sessionOf = (res: Response) =>
  /^ci_autofix_dashboard=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

function expectHardened(res: Response) {
  expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
}

const clock = { now: Date.UTC(2026, 10, 2, 12) };
let server: Server;
let base: string;
beforeAll(
  async () => ({ server, base } = await serve({ mode: 'token', token: TOKEN, secureCookie: false }, clock)),
);
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('the dashboard with a token: who may see it', () => {
  it('without credentials: 401, with the login form as the page', async () => {
    const res = await get(`${base}/dashboard?days=7`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expectHardened(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain('action="/dashboard/login"');
    expect(page).toContain('value="/dashboard?days=7"');
    expect(page).not.toContain('data-figure');
  });

  it('Authorization: Bearer with the token shows the pages; a wrong one does not', async () => {
    const ok = await get(`${base}/dashboard`, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expectHardened(ok);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.text()).toContain('data-figure="success_rate"');
    for (const wrong of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN])
      expect((await get(`${base}/dashboard`, { authorization: wrong })).status).toBe(401);
    const job = await get(`${base}/dashboard/jobs/${JOB_ID}`, { authorization: `Bearer ${TOKEN}` });
    expect(await job.text()).toContain('data-timeline="events"');
    expect((await get(`${base}/dashboard/jobs/nope`, { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
  });

  it('login → an HttpOnly, SameSite=Strict session cookie (not the token) → the pages', async () => {
    const res = await login(base, TOKEN);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/jobs');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/; Path=\/dashboard; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(cookie).not.toContain(TOKEN);
    const session = sessionOf(res)!;
    const page = await get(`${base}/dashboard/jobs`, { cookie: `other=1; ${SESSION_COOKIE}=${session}` });
    expect(page.status).toBe(200);
    // Signed in: a way out.
    expect(await page.text()).toContain('action="/dashboard/logout"');
  });

  it('a wrong token, a cross-site post: no cookie', async () => {
    const wrong = await login(base, 'not-the-dashboard-token');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('data-problem="login"');
    const elsewhere = await login(base, TOKEN, { origin: 'https://evil.example' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('set-cookie')).toBeNull();
    const crossSite = await login(base, TOKEN, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
  });

  it('a forged or expired session fails', async () => {
    const session = sessionOf(await login(base, TOKEN))!;
    const [v, expiry, nonce, signature] = session.split('.');
    const forged = [
      `${v}.${Number(expiry) + 3600}.${nonce}.${signature}`,
      `${v}.${expiry}.${nonce}.${signature!.slice(0, -2)}AA`,
      `${v}.${expiry}.${nonce}.`,
      TOKEN,
      '',
    ];
    for (const value of forged)
      expect((await get(`${base}/dashboard`, { cookie: `${SESSION_COOKIE}=${value}` })).status).toBe(401);
    clock.now += SESSION_SECONDS * 1000 + 1000;
    expect((await get(`${base}/dashboard`, { cookie: `${SESSION_COOKIE}=${session}` })).status).toBe(401);
  });

  it('Secure over https (as the proxy in front says), and signing out ends the cookie', async () => {
    const res = await login(base, TOKEN, { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
    const out = await fetch(`${base}/dashboard/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^ci_autofix_dashboard=; .*Max-Age=0/);
  });
});

describe('the dashboard with a token: its answers', () => {
  it('serves uPlot and our files to anyone (the login page needs them), hardened and versioned', async () => {
    const page = await (await get(`${base}/dashboard`, { authorization: `Bearer ${TOKEN}` })).text();
    const urls = [...page.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(4);
    for (const url of urls) {
      const res = await get(`${base}${url}`);
      expect(res.status).toBe(200);
      expectHardened(res);
      expect(res.headers.get('content-type')).toMatch(
        url.endsWith('.js') ? /^text\/javascript/ : /^text\/css/,
      );
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
    expect((await get(`${base}/dashboard/assets/%2e%2e%2fpackage.json`)).status).toBe(404);
  });

  it('is read-only, and a page the reader cannot have is a 400, not an error', async () => {
    const post = await fetch(`${base}/dashboard`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(post.status).toBe(405);
    expectHardened(post);
    const cursor = await get(`${base}/dashboard/jobs?cursor=not-a-cursor`, {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(cursor.status).toBe(400);
    expect(await cursor.text()).toContain('the page cursor is not one the list gave');
  });
});

describe('the dashboard off, or behind an authenticating proxy', () => {
  it('off: every route answers 404 and says how to turn it on', async () => {
    const { server, base } = await serve({ mode: 'off' }, { now: 0 });
    for (const path of ['/dashboard', '/dashboard/login', '/dashboard/assets/x.js']) {
      const res = await get(`${base}${path}`, { authorization: `Bearer ${TOKEN}` });
      expect(res.status).toBe(404);
      expectHardened(res);
      expect(await res.text()).toContain('DASHBOARD_TOKEN');
    }
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it('proxy: the proxy in front authenticated the request; no login of ours', async () => {
    const { server, base } = await serve({ mode: 'proxy' }, { now: 0 });
    expect((await get(`${base}/dashboard`)).status).toBe(200);
    const login = await get(`${base}/dashboard/login`);
    expect(await login.text()).not.toContain('action="/dashboard/login"');
    await new Promise<void>((ok) => server.close(() => ok()));
  });
});
