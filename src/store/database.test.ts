import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_URL } from '../../test/helpers/databases.js';
import { openDatabase, REPORT_TIMEOUT_MS } from './database.js';

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

describe("the server's connections for reports", () => {
  const show = async (q: { query: (sql: string) => Promise<{ rows: unknown[] }> }, setting: string) =>
    ((await q.query(`SHOW ${setting}`)).rows[0] as Record<string, string>)[setting];

  it('read only, stop a statement after 30 s, plan no parallel workers; the others are as the server says', async () => {
    // A URL's own options are kept beside ours.
    const url = new URL(SERVER_URL);
    url.searchParams.set('options', '-c application_name=dashboard-test');
    const db = await openDatabase({ url: url.toString(), dataDir: '' });
    try {
      expect(await show(db.reports, 'transaction_read_only')).toBe('on');
      expect(await show(db.reports, 'statement_timeout')).toBe(`${REPORT_TIMEOUT_MS / 1000}s`);
      expect(await show(db.reports, 'max_parallel_workers_per_gather')).toBe('0');
      expect(await show(db.reports, 'application_name')).toBe('dashboard-test');
      await expect(db.reports.query('CREATE TEMP TABLE written (x int)')).rejects.toThrow(
        /read-only transaction/,
      );
      // The service's own connections write, with the server's settings.
      expect(await show(db, 'transaction_read_only')).toBe('off');
      expect(await show(db, 'statement_timeout')).toBe('0');
      expect(await show(db, 'application_name')).toBe('dashboard-test');
    } finally {
      await db.close();
    }
  });
});
