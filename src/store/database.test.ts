import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

describe('the embedded database', () => {
  it('is kept from a second process while one has it, and taken over after a crash', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ci-autofix-pglite-lock-'));
    // Another live process holds it (`ci-autofix serve`, while `stats` is run).
    writeFileSync(join(dataDir, 'ci-autofix.lock'), String(process.ppid));
    await expect(openDatabase({ dataDir })).rejects.toThrow(
      `the embedded database in ${dataDir} is in use by process ${process.ppid} (ci-autofix serve?): stop it first, or give both DATABASE_URL to share a PostgreSQL server`,
    );
    // Its owner died without cleaning up: the next process takes it over.
    writeFileSync(join(dataDir, 'ci-autofix.lock'), '2147483646');
    const db = await openDatabase({ dataDir });
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await db.close();
    // Closed: free again.
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it('names the server it cannot reach, without its password', async () => {
    await expect(
      openDatabase({ url: 'postgres://autofix:hunter2-secret@127.0.0.1:1/none', dataDir: '' }),
    ).rejects.toThrow(/cannot connect to DATABASE_URL \(postgres:\/\/autofix:\*\*\*@127\.0\.0\.1:1\/none\)/);
    await expect(
      openDatabase({ url: 'postgres://autofix:hunter2-secret@127.0.0.1:1/none', dataDir: '' }),
    ).rejects.not.toThrow(/hunter2/);
  });
});
