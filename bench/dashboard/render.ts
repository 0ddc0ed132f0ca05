/**
 * bench/dashboard (issue 24), in the browser: how long the overview takes to render with 100,000 jobs,
 * from the navigation's start to its charts drawn and painted, in Debian's headless Chromium against
 * `ci-autofix serve` on PostgreSQL. Target: < 1 s. (run.ts, beside this file, times the store's queries
 * alone.)
 *
 * A database of its own (a migrated copy, test/helpers/databases.ts) on the PostgreSQL server
 * (TEST_DATABASE_URL, else 127.0.0.1:5432), seeded by seed.ts's bulk SQL, dropped at the end.
 *
 *   npm run build && npx tsx bench/dashboard/render.ts [--jobs 100000] [--runs 20]
 */
import { cpus, loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signIn } from '../../test/helpers/browser.js';
import { DASHBOARD_TOKEN, serveDashboard } from '../../test/helpers/dashboard-seed.js';
import { createTestDatabase } from '../../test/helpers/databases.js';
import { seedSql } from './seed.js';

const argv = process.argv.slice(2);
const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const JOBS = Number(opt('--jobs') ?? 100_000);
const RUNS = Number(opt('--runs') ?? 20);
const WARM_UP = 3;

/** One load's marks, in ms from the navigation's start (the page's own clock). */
interface Marks {
  firstByte: number;
  domContentLoaded: number;
  load: number;
  /** Every figure has its canvas. */
  charts: number;
  /** The frame after that: the charts on screen. */
  painted: number;
  /** painted − firstByte: the browser's part (the rest is the server's, and the network's). */
  browser: number;
}

/**
 * Watches the page from its first byte (an init script, which the page's CSP does not govern: it adds
 * no script to the page) for the moment every figure has uPlot's canvas, then for the next frame.
 */
const WATCH_CHARTS = `(() => {
  const seen = () => {
    const figures = document.querySelectorAll('figure[data-figure]').length;
    return figures > 0 && document.querySelectorAll('figure[data-figure] canvas').length >= figures;
  };
  const observer = new MutationObserver(() => {
    if (window.__charts !== undefined || !seen()) return;
    window.__charts = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => (window.__painted = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

const READ_MARKS = `(() => {
  const n = performance.getEntriesByType('navigation')[0];
  return { firstByte: n.responseStart, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,
    charts: window.__charts, painted: window.__painted };
})()`;

async function load(page: Page, url: string): Promise<Marks> {
  await page.goto(url);
  await page.waitForFunction(
    'window.__painted !== undefined && performance.getEntriesByType("navigation")[0].loadEventEnd > 0',
  );
  const marks = (await page.evaluate(READ_MARKS)) as Omit<Marks, 'browser'>;
  return { ...marks, browser: marks.painted - marks.firstByte };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const cell = (v: number) => v.toFixed(0).padStart(6);

function report(label: string, marks: Marks[]): void {
  const keys: Array<keyof Marks> = ['firstByte', 'domContentLoaded', 'load', 'charts', 'painted', 'browser'];
  const line = keys.map(
    (k) =>
      `${cell(
        pct(
          marks.map((m) => m[k]),
          50,
        ),
      )} ${cell(
        pct(
          marks.map((m) => m[k]),
          95,
        ),
      )}`,
  );
  console.log(`${label.padEnd(34)} ${line.join('  ')}`);
}

/**
 * RUNS loads after WARM_UP, in one signed-in tab: `warm`, its cache keeping the assets (immutable: a
 * reader's second visit on); `cold`, with the HTTP cache disabled (a first visit: uPlot and the styles
 * fetched and parsed every time).
 */
async function measure(
  browser: Browser,
  base: string,
  path: string,
  mode: 'warm' | 'cold',
): Promise<Marks[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await signIn(page, base, DASHBOARD_TOKEN);
    await context.addInitScript(WATCH_CHARTS);
    if (mode === 'cold')
      await (await context.newCDPSession(page)).send('Network.setCacheDisabled', { cacheDisabled: true });
    const marks: Marks[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const m = await load(page, `${base}${path}`);
      if (i >= WARM_UP) marks.push(m);
    }
    return marks;
  } finally {
    await context.close();
  }
}

console.log(
  `bench/dashboard render on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const t = await createTestDatabase('postgres');
try {
  const s0 = performance.now();
  await t.db.exec(seedSql(JOBS));
  // The seed's unfinished jobs would be run by the service's workers (against GitHub): ended here.
  await t.db.query(
    `UPDATE autofix.jobs SET state = 'cancelled', reason = 'bench: not run' WHERE state IN ('waiting', 'queued', 'running')`,
  );
  await t.db.exec('VACUUM ANALYZE');
  const { rows } = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM autofix.jobs');
  console.log(
    `seeded ${Number(rows[0]!.n).toLocaleString('en')} jobs in ${((performance.now() - s0) / 1000).toFixed(1)} s`,
  );
  await t.db.close();
  // No GitHub is reachable from here, nor needed: a closed port on this machine, should anything ask.
  const serve = await serveDashboard(
    { DATABASE_URL: t.url! },
    { GITHUB_API_URL: 'http://127.0.0.1:9/api/v3' },
  );
  const browser = await launchChromium();
  try {
    console.log(`\nms from the navigation's start, p50 p95 (${RUNS} loads after ${WARM_UP})`);
    console.log(
      `${''.padEnd(34)} ${['first byte', 'DOM loaded', 'load', 'canvases', 'painted', 'browser'].map((h) => h.padStart(13)).join(' ')}`,
    );
    const pages: Array<[string, string]> = [
      ['overview, 30 days (the default)', '/dashboard'],
      ['overview, 90 days (every job)', '/dashboard?days=90'],
    ];
    for (const [label, path] of pages)
      for (const mode of ['warm', 'cold'] as const)
        report(`${label}, ${mode}`, await measure(browser, serve.url, path, mode));
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    await serve.stop();
  }
} finally {
  await t.drop();
}
