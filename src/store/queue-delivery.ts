import PgBoss from 'pg-boss';
import type { Database, Queryable } from './database.js';
import { withSchemaLock } from './migrations.js';

/** pg-boss's own tables live in their own schema; ours are in `autofix`. */
export const BOSS_SCHEMA = 'autofix_queue';
export const QUEUE = 'autofix-pr-job';

export interface DeliverySettings {
  retryLimit: number;
  retryDelaySeconds: number;
  /** pg-boss's own expiry of a delivered job: only a backstop, past the job timeout (the queue enforces that). */
  expireSeconds: number;
  maintenanceIntervalSeconds: number;
}

/**
 * pg-boss delivers the jobs our `jobs` table records: claims with SKIP LOCKED, retries with backoff.
 * Its schema and queue are created under the store's schema lock, so replicas started together on a
 * fresh database do not race in `CREATE SCHEMA` (seen: one of two died in 3 of 4 starts).
 */
export async function openDelivery(db: Database, s: DeliverySettings): Promise<PgBoss> {
  const boss = new PgBoss({
    db: bossDb(db),
    schema: BOSS_SCHEMA,
    // Maintenance (archiving, pg-boss's own expiry backstop) runs in every process; pg-boss serialises it.
    supervise: true,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: s.maintenanceIntervalSeconds,
  });
  // pg-boss reports a failed poll or maintenance run as an event; the next poll retries it.
  boss.on('error', () => undefined);
  const settings = {
    policy: 'standard' as const,
    retryLimit: s.retryLimit,
    retryDelay: s.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: s.expireSeconds,
  };
  await withSchemaLock(db, async () => {
    await boss.start();
    // createQueue keeps an existing queue's settings: the update applies this configuration to jobs
    // queued from now on (a job keeps the settings it was queued with).
    await boss.createQueue(QUEUE, { name: QUEUE, ...settings });
    await boss.updateQueue(QUEUE, { name: QUEUE, ...settings });
  });
  return boss;
}

/** Makes job `id` deliverable, in the caller's transaction (a resend of a live entry is a no-op). */
export async function deliver(boss: PgBoss, tx: Queryable, id: string): Promise<void> {
  await boss.send(QUEUE, { id }, { id, db: bossDb(tx) });
}

/**
 * Makes job `id` deliverable again now, whatever became of its entry (delivered to a worker that died,
 * waiting out a retry's backoff, failed, or gone), in the caller's transaction.
 */
export async function redeliver(boss: PgBoss, tx: Queryable, id: string): Promise<void> {
  await boss.deleteJob(QUEUE, id, { db: bossDb(tx) });
  await deliver(boss, tx, id);
}

/** pg-boss's database interface over ours: parameterless text may hold several statements. */
function bossDb(q: Queryable): {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
} {
  return {
    async executeSql(text, values) {
      if (values?.length) return q.query(text, values);
      if (/;\s*\S/.test(text)) {
        await q.exec(text);
        return { rows: [] };
      }
      return q.query(text);
    },
  };
}
