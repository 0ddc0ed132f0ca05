import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stats } from '../src/store/index.js';
import {
  axeViolations,
  chartsDrawn,
  clear,
  signIn,
  watchPage,
  type Violation,
  type Watched,
} from './helpers/browser.js';
import { cliAsync } from './helpers/cli.js';
import { cardsOf, overviewCards } from './helpers/dashboard-cards.js';
import { seededInBrowser } from './helpers/dashboard-browser.js';
import { XSS_IMG, XSS_SCRIPT } from './helpers/dashboard-jobs.js';
import { DASHBOARD_SEED, DASHBOARD_TOKEN, type SeededDashboard } from './helpers/dashboard-seed.js';
import type { TestDatabase } from './helpers/databases.js';
import type { ServeProcess } from './helpers/serve-process.js';

/**
 * The dashboard as a person sees it: `ci-autofix serve` on a database seeded through the store's own
 * write paths (test/helpers/dashboard-seed.ts), its pages in headless Chromium (Debian's, driven by
 * playwright-core): the login, every page without an error, a failed request or one leaving this
 * machine, axe-core's accessibility rules, the overview's figures against `ci-autofix stats`, and the
 * markup a pull request's author chose shown as text.
 */

const cleanup: Array<() => Promise<unknown>> = [];
let browser: Browser;
let db: TestDatabase;
let seeded: SeededDashboard;
let serve: ServeProcess;

beforeAll(async () => {
  ({ browser, db, seeded, serve } = await seededInBrowser('postgres', cleanup));
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

/** One signed-in browser context for the file, made by the first test that needs it. */
let session: Promise<{ context: BrowserContext; page: Page; watched: Watched }> | undefined;
function signedIn(options: { bypassCSP?: boolean } = {}) {
  const start = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    cleanup.push(() => context.close());
    const page = await context.newPage();
    const watched = watchPage(page);
    await signIn(page, serve.url, DASHBOARD_TOKEN);
    return { context, page, watched };
  };
  if (options.bypassCSP) return start();
  return (session ??= start());
}

const pages = () => [
  ['the overview', '/dashboard'],
  ['the repositories', '/dashboard/repositories'],
  ['the categories, tools and fixers', '/dashboard/tools'],
  ['the flaky tests and infrastructure', '/dashboard/failures'],
  ['the fix memory', '/dashboard/memory'],
  ['the jobs', '/dashboard/jobs'],
  ['a job', `/dashboard/jobs/${seeded.ids[0]}`],
];

describe('the dashboard in Chromium', () => {
  it('answers 401 to a request without credentials, and lets a person sign in with the form', async () => {
    for (const path of ['/dashboard', '/dashboard/jobs', `/dashboard/jobs/${seeded.ids[0]}`])
      expect((await fetch(`${serve.url}${path}`)).status).toBe(401);
    // A browser without a session gets the login form as the 401's page, leading back to where it was.
    const anonymous = await browser.newPage();
    cleanup.push(() => anonymous.close());
    expect((await anonymous.goto(`${serve.url}/dashboard/jobs`))?.status()).toBe(401);
    expect(await anonymous.locator('form.login input[name="next"]').getAttribute('value')).toBe(
      '/dashboard/jobs',
    );
    expect(serious(await axeViolations(anonymous))).toEqual([]);
    const { page } = await signedIn();
    expect(page.url()).toBe(`${serve.url}/dashboard`);
    expect(await page.locator('form[action="/dashboard/logout"] button').textContent()).toBe('Sign out');
  });

  it('shows every page with no error, no failed request, no request elsewhere, nothing serious for axe', async () => {
    const { page, watched } = await signedIn();
    for (const [name, path] of pages()) {
      clear(watched);
      const res = await page.goto(`${serve.url}${path}`);
      expect([name, res?.status()]).toEqual([name, 200]);
      if (path === '/dashboard') expect(await chartsDrawn(page)).toBe(5);
      await page.waitForLoadState('load');
      expect(watched.requests).toContain(`${serve.url}${path}`);
      expect([name, watched.requests.filter((u) => new URL(u).origin !== serve.url)]).toEqual([name, []]);
      expect([name, watched.problems, watched.dialogs]).toEqual([name, [], []]);
      expect([name, serious(await axeViolations(page))]).toEqual([name, []]);
    }
  });

  it('shows the markup a pull request or a tool chose as text, and runs none of it', () => markupAsText());

  it("shows `ci-autofix stats`'s figures on the overview, cards and figures alike", () => overviewIsStats());
});

/** axe-core's findings that fail the test: those it rates serious or critical. */
const serious = (violations: Violation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** Where the seed put markup, it shows as text, as served and with the CSP bypassed; none of it runs. */
async function markupAsText(): Promise<void> {
  const where = {
    '/dashboard': [XSS_IMG, XSS_SCRIPT],
    '/dashboard/failures': [XSS_IMG, XSS_SCRIPT],
    '/dashboard/jobs': [XSS_IMG, XSS_SCRIPT],
    [`/dashboard/jobs/${seeded.ids[0]}`]: [XSS_IMG, XSS_SCRIPT],
  };
  // As served (the CSP refuses inline script), then with the CSP bypassed: the escaping alone holds.
  for (const s of [await signedIn(), await signedIn({ bypassCSP: true })]) {
    clear(s.watched);
    for (const [path, payloads] of Object.entries(where)) {
      await s.page.goto(`${serve.url}${path}`);
      const text = await s.page.locator('main').innerText();
      expect([path, payloads.filter((p) => !text.includes(p))]).toEqual([path, []]);
      expect(await s.page.evaluate('typeof window.__xss')).toBe('undefined');
      expect(await s.page.locator('img[src="x"], main script').count()).toBe(0);
      // Every script is ours: the chart library and the drawing script, or the figures' JSON.
      const scripts = await s.page
        .locator('script')
        .evaluateAll((els) =>
          els.map((e) => (e as unknown as { src: string; type: string }).src || e.getAttribute('type')),
        );
      expect(
        scripts.every((x) => x === 'application/json' || x!.startsWith(`${serve.url}/dashboard/assets/`)),
      ).toBe(true);
    }
    expect(s.watched.dialogs).toEqual([]);
    expect(s.watched.problems).toEqual([]);
  }
}

/** The overview's cards and figures, read in the browser, against `ci-autofix stats --format json`. */
async function overviewIsStats(): Promise<void> {
  const { page } = await signedIn();
  await page.goto(`${serve.url}/dashboard`);
  const { since, cards } = await overviewCards(page);
  const perDay = await figureColumns(page, 'jobs_per_day');
  // The store is read by the CLI as the service left it (test/service.test.ts does the same).
  expect(await serve.stop()).toBe(0);
  const run = await cliAsync(['stats', '--format', 'json', '--since', since], { DATABASE_URL: db.url! });
  expect(run.code, run.stderr).toBe(0);
  const s = JSON.parse(run.stdout) as Stats;
  expect(s.jobs.total).toBe(DASHBOARD_SEED.jobs);
  expect(cards).toEqual(cardsOf(s));
  // The days add up to the window: each column of the figure's table, summed.
  expect(perDay).toEqual({
    jobs: s.jobs.total,
    fixed: s.jobs.fixed,
    partial: s.jobs.partial,
    'not fixable': s.jobs.not_fixable,
    failed: s.jobs.failed,
  });
  expect([s.jobs.fixed, s.jobs.partial, s.jobs.not_fixable, s.jobs.failed].every((n) => n > 0)).toBe(true);
  expect(s.memory.hit_rate).toBeGreaterThan(0);
}

/** A figure's table (`data-figure`), each numeric column summed over the days (its rows). */
async function figureColumns(page: Page, id: string): Promise<Record<string, number>> {
  // Its own table (`data-table`), not the legend uPlot draws as a table too.
  const table = page.locator(`[data-figure="${id}"] table[data-table="figure-${id}"]`);
  const heads = await table.locator('thead th').allTextContents();
  // Text, not innerText: the table is in a closed <details>, so not rendered.
  const cells = await table.locator('tbody td').allTextContents();
  const sums = heads.map((_, column) =>
    cells
      .filter((_, n) => n % heads.length === column)
      .reduce((sum, text) => sum + Number(text.replace(/,/g, '')), 0),
  );
  // The first column is the day.
  return Object.fromEntries(heads.slice(1).map((h, i) => [h.trim(), sums[i + 1]!]));
}
