import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openDatabase, type Database } from '../../src/store/index.js';
import { createTestDatabase } from './databases.js';
import { toolsPath } from './example-repo.js';
import { type GitHubServer } from './github-server/index.js';
import { useGitHubServer } from './github-server/use-github-server.js';
import { HANG_MS } from './hang-guard.js';
import { fleetEnv } from './replica-fleet.js';
import type { ServeProcess } from './serve-process.js';

/**
 * The service's fault tests (test/service-faults-*.test.ts), each file one scenario so that they run side
 * by side: replicas of `ci-autofix serve` with its own defaults (heartbeat every 10 s, takeover after
 * 60 s of silence, 25 s of grace at SIGTERM, two jobs per replica, GitHub's write spacing), the GitHub
 * double, every webhook delivered twice. Every PR must end fixed exactly once: one fast-forward push,
 * the check green at the new head, one status comment in its final state. bench/service-faults runs the
 * longer version (a dozen PRs, ten kill moments).
 */
export const SECRET = 'webhook-secret-for-fault-tests-0123456789';

export interface FaultFleet {
  server(): GitHubServer;
  /** The replicas' environment without a database (DATABASE_URL empty). */
  env(): Record<string, string>;
  /** A fresh PostgreSQL database, and the replicas' environment on it. */
  database(): Promise<{ env: Record<string, string>; db: Database }>;
  /** Killed with SIGKILL after the file, whatever happened. */
  track(replicas: ServeProcess[]): ServeProcess[];
}

export function useFaultFleet(): FaultFleet {
  let server: GitHubServer;
  let token: string;
  const state = mkdtempSync(join(tmpdir(), 'ci-autofix-faults-state-'));
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });
  useGitHubServer((s, t) => ((server = s), (token = t)));
  const env = (databaseUrl: string) =>
    fleetEnv({ token, apiUrl: server.apiUrl, secret: SECRET, databaseUrl, stateDir: state, path: toolsPath });
  return {
    server: () => server,
    env: () => env(''),
    database: async () => {
      const t = await createTestDatabase('postgres', { migrate: false });
      await t.db.close();
      cleanup.push(() => t.drop());
      const db = await openDatabase({ url: t.url!, dataDir: '' });
      cleanup.push(() => db.close());
      return { env: env(t.url!), db };
    },
    track: (replicas) => {
      for (const r of replicas) cleanup.push(() => r.stop('SIGKILL'));
      return replicas;
    },
  };
}

/** Waits until the store has `n` jobs and all of them have ended (a guard against a hang, not a timing). */
export async function allEnded(db: Database, n: number): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + HANG_MS;
  for (;;) {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT j.pr_number, j.state, j.attempts, j.lost, j.reason, r.full_name
       FROM autofix.jobs j JOIN autofix.repositories r ON r.id = j.repository_id ORDER BY r.full_name, j.pr_number`,
    );
    if (rows.length === n && rows.every((r) => ['done', 'failed'].includes(String(r.state)))) return rows;
    if (Date.now() > deadline) throw new Error(`jobs did not end: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
