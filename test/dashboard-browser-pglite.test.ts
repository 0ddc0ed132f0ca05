import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stats } from '../src/store/index.js';
import { chartsDrawn, signIn, watchPage } from './helpers/browser.js';
import { cliAsync } from './helpers/cli.js';
import { cardsOf, overviewCards } from './helpers/dashboard-cards.js';
import { seededInBrowser } from './helpers/dashboard-browser.js';
import { DASHBOARD_SEED, DASHBOARD_TOKEN, storeEnv, type SeededDashboard } from './helpers/dashboard-seed.js';
import type { TestDatabase } from './helpers/databases.js';
import type { ServeProcess } from './helpers/serve-process.js';

/**
 * The dashboard on the embedded database: `serve` without DATABASE_URL, as the quick start runs it
 * (PGlite gives numbers where pg gives strings, and runs one statement at a time). Every page in
 * Chromium with no error and its charts drawn, and the overview's cards equal to `ci-autofix stats` read
 * from the same folder. dashboard-browser.test.ts tries the rest (access, axe, markup) on PostgreSQL.
 */

const cleanup: Array<() => Promise<unknown>> = [];
let browser: Browser;
let db: TestDatabase;
let seeded: SeededDashboard;
let serve: ServeProcess;

beforeAll(async () => {
  ({ browser, db, seeded, serve } = await seededInBrowser('pglite', cleanup));
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

describe('the dashboard in Chromium, on the embedded database', () => {
  it("shows every page with no error, and the overview's cards as `ci-autofix stats` gives them", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanup.push(() => context.close());
    const page = await context.newPage();
    const watched = watchPage(page);
    await signIn(page, serve.url, DASHBOARD_TOKEN);
    const paths = ['repositories', 'tools', 'failures', 'memory', 'jobs', `jobs/${seeded.ids[0]}`];
    for (const path of ['/dashboard', ...paths.map((p) => `/dashboard/${p}`)]) {
      const res = await page.goto(`${serve.url}${path}`);
      expect([path, res?.status()]).toEqual([path, 200]);
      if (path === '/dashboard') expect(await chartsDrawn(page)).toBe(5);
      await page.waitForLoadState('load');
      expect([path, watched.problems]).toEqual([path, []]);
    }
    await page.goto(`${serve.url}/dashboard`);
    const { since, cards } = await overviewCards(page);
    // The folder is the service's while it runs: `stats` reads it after.
    expect(await serve.stop()).toBe(0);
    const run = await cliAsync(['stats', '--format', 'json', '--since', since], storeEnv(db));
    expect(run.code, run.stderr).toBe(0);
    const s = JSON.parse(run.stdout) as Stats;
    expect(s.jobs.total).toBe(DASHBOARD_SEED.jobs);
    expect(cards).toEqual(cardsOf(s));
  });
});
