import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboardHandler, type DashboardSource } from '../dashboard/index.js';
import { jobDetail, overview } from '../dashboard/test-data.js';
import { createLogger } from './logger.js';
import { createServiceServer, listen, type ServerDeps } from './server.js';

const TOKEN = 'dashboard-token-for-the-server';
const log = createLogger({ level: 'silent', secrets: [] });
const source: DashboardSource = {
  overview: async () => overview(),
  jobs: async () => overview().latest,
  job: async () => jobDetail(),
};

let server: Server | undefined;
afterEach(() => new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())));

/** The service's server with only what /dashboard needs: nothing else is reached. */
async function start(dashboard?: ServerDeps['dashboard']): Promise<string> {
  const deps = { log, handle: async () => '', ...(dashboard ? { dashboard } : {}) } as unknown as ServerDeps;
  server = createServiceServer(deps, log);
  return `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
}

describe('the service serves the dashboard under /dashboard', () => {
  it('off when not configured: 404 saying how to turn it on', async () => {
    const url = await start();
    for (const path of ['/dashboard', '/dashboard/jobs?outcome=fixed']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(((await res.json()) as { error: string }).error).toMatch(
        /DASHBOARD_TOKEN .* DASHBOARD_AUTH=proxy/,
      );
    }
    // Not a dashboard route.
    expect((await fetch(`${url}/dashboards`)).status).toBe(404);
  });

  it('with a token: the query reaches the pages and the login form is read from the body', async () => {
    const url = await start(
      dashboardHandler({
        access: { mode: 'token', token: TOKEN, secureCookie: true },
        source,
        web: 'https://github.com',
      }),
    );
    const refused = await fetch(`${url}/dashboard/jobs?outcome=fixed`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('value="/dashboard/jobs?outcome=fixed"');
    const signedIn = await fetch(`${url}/dashboard/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
      body: `token=${TOKEN}&next=%2Fdashboard%3Fdays%3D7`,
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/dashboard?days=7');
    // DASHBOARD_SECURE_COOKIE: Secure even over plain http (TLS ends at a proxy that does not say so).
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict; .*Secure$/);
    const page = await fetch(`${url}/dashboard?days=7`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('href="/dashboard/repositories?days=7"');
  });
});
