import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The dashboard in a real browser: Debian's Chromium (`.ci/run` installs the package), driven by
 * playwright-core, which downloads nothing (no `playwright install`, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD in
 * `.ci/run`); the test fails, never skips, when the browser is missing.
 */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: bash .ci/run installs it (Debian's package chromium; apt-get install -y chromium). ` +
        'The dashboard is tested in that browser, never in one playwright downloads.',
    );
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

/** What a page did that a reader would not want: errors, failed requests, dialogs, and every request. */
export interface Watched {
  problems: string[];
  requests: string[];
  dialogs: string[];
}

export function watchPage(page: Page): Watched {
  const w: Watched = { problems: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => w.problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return w;
}

/** Forgets what was seen so far (the next page starts clean). */
export function clear(w: Watched): void {
  for (const list of [w.problems, w.requests, w.dialogs]) list.length = 0;
}

/** Signs in through the dashboard's own login form, as a person does; resolves on the page it leads to. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/dashboard/login`);
  await page.fill('input[name="token"]', token);
  await Promise.all([page.waitForURL(`${url}/dashboard`), page.click('button[type="submit"]')]);
}

/** Every chart of the page drawn (uPlot puts a canvas in each figure). */
export async function chartsDrawn(page: Page): Promise<number> {
  await page.waitForFunction(() => {
    const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } })
      .document;
    const figures = d.querySelectorAll('figure[data-figure]').length;
    return figures > 0 && d.querySelectorAll('figure[data-figure] canvas').length >= figures;
  });
  return page.locator('figure[data-figure]').count();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's violations on the page. Its source is evaluated through the DevTools protocol, which the
 * page's Content-Security-Policy does not govern (the policy allows no inline script, so a `<script>` tag
 * would be refused): the page itself stays under its own policy, and no context needs `bypassCSP`.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const page = globalThis as unknown as { axe: { run(c: unknown, o: object): Promise<AxeResults> } };
    const results = await page.axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.html.slice(0, 200)),
    }));
  });
}

interface AxeResults {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ html: string }> }>;
}
