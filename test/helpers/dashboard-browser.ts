import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import {
  DASHBOARD_SEED,
  seedDashboard,
  serveDashboard,
  storeEnv,
  type SeededDashboard,
} from './dashboard-seed.js';
import { createTestDatabase, type Backend, type TestDatabase } from './databases.js';
import type { ServeProcess } from './serve-process.js';

export interface SeededInBrowser {
  browser: Browser;
  db: TestDatabase;
  seeded: SeededDashboard;
  serve: ServeProcess;
}

/**
 * Debian's Chromium, a store of `backend` seeded with DASHBOARD_SEED, and `serve` with the dashboard on
 * it (the seed lets go of the store first: the embedded one serves one process). What to undo afterwards
 * goes onto `cleanup`, in the order made.
 */
export async function seededInBrowser(
  backend: Backend,
  cleanup: Array<() => Promise<unknown>>,
): Promise<SeededInBrowser> {
  // First: without the browser nothing else is worth starting (and the message says how to get it).
  const browser = await launchChromium();
  cleanup.push(() => browser.close());
  const db = await createTestDatabase(backend);
  cleanup.push(() => db.drop());
  const seeded = await seedDashboard(db.db, DASHBOARD_SEED);
  await db.db.close();
  const serve = await serveDashboard(storeEnv(db));
  cleanup.push(() => serve.stop('SIGKILL'));
  return { browser, db, seeded, serve };
}
