import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/databases.js';
import { openDatabase } from './database.js';
import { JobQueue } from './job-queue.js';
import { appliedVersion, migrate, SCHEMA_VERSION } from './migrations.js';

/**
 * Replicas started together on a fresh PostgreSQL database (a Deployment rolled out with several): each
 * migrates and starts the queue, which creates its own schema. Before both ran under one lock, one of
 * four such starts died with "duplicate key value violates unique constraint pg_namespace_nspname_index"
 * in most rounds.
 */
describe('start-up on a fresh database', () => {
  it('four replicas starting at the same moment all come up, three rounds running', async () => {
    for (let round = 0; round < 3; round++) {
      const t = await createTestDatabase('postgres', { migrate: false });
      // A pool each: separate sessions, as separate processes have.
      const dbs = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url: t.url!, dataDir: '' })));
      try {
        const started = await Promise.allSettled(
          dbs.map(async (db) => {
            await migrate(db);
            const queue = await JobQueue.open(db);
            await queue.stop(0);
          }),
        );
        expect(started.filter((s) => s.status === 'rejected')).toEqual([]);
        expect(await appliedVersion(t.db)).toBe(SCHEMA_VERSION);
      } finally {
        for (const db of dbs) await db.close();
        await t.drop();
      }
    }
  });
});
