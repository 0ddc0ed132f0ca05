/**
 * The README's pictures of the dashboard (docs/dashboard/*.png), made again: the browser test's seed
 * (test/helpers/dashboard-seed.ts) in a database of its own on the PostgreSQL server (TEST_DATABASE_URL,
 * else 127.0.0.1:5432), `ci-autofix serve` on it, the pages in Debian's Chromium at 1280 px wide.
 *
 *   npm run build && npx tsx scripts/dashboard-screenshots.ts
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { chartsDrawn, launchChromium, signIn } from '../test/helpers/browser.js';
import { repoRoot } from '../test/helpers/cli.js';
import {
  DASHBOARD_SEED,
  DASHBOARD_TOKEN,
  seedDashboard,
  serveDashboard,
} from '../test/helpers/dashboard-seed.js';
import { createTestDatabase } from '../test/helpers/databases.js';

const OUT = join(repoRoot, 'docs/dashboard');
const WIDTH = 1280;

const db = await createTestDatabase('postgres');
try {
  const { specs, ids } = await seedDashboard(db.db, DASHBOARD_SEED);
  await db.db.close();
  // The job shown: a fixed one where a model fixed what the tools could not (the first job is the one
  // carrying markup, which the browser test looks at).
  const shown = specs.findIndex(
    (s) =>
      'outcome' in s.result &&
      s.result.outcome === 'fixed' &&
      s.events.some((e) => e.type === 'model-attempt'),
  );
  const serve = await serveDashboard({ DATABASE_URL: db.url! });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    await signIn(page, serve.url, DASHBOARD_TOKEN);
    const shots: Array<[file: string, path: string, height?: number]> = [
      // The cards and the first four figures; the rest of the page is tables.
      ['overview.png', '/dashboard', 1330],
      ['job.png', `/dashboard/jobs/${ids[shown]}`],
      ['jobs.png', '/dashboard/jobs', 900],
      ['failures.png', '/dashboard/failures'],
    ];
    for (const [file, path, height] of shots) {
      await page.goto(`${serve.url}${path}`);
      if (path === '/dashboard') await chartsDrawn(page);
      const target = join(OUT, file);
      await page.screenshot({
        path: target,
        ...(height ? { clip: { x: 0, y: 0, width: WIDTH, height } } : { fullPage: true }),
      });
      console.log(`${file}: ${path}, ${Math.round(statSync(target).size / 1024)} KB`);
    }
  } finally {
    await browser.close();
    await serve.stop();
  }
} finally {
  await db.drop();
}
