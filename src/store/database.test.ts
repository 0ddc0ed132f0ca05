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
    const db = await openDatabase({ url: SERVER_URL, dataDir: '' });
    try {
      const server = await show(db, 'max_parallel_workers_per_gather');
      expect(server).not.toBe('0');
      // More at once than the reports have connections: each statement has its own settings.
      const seen = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          i % 2
            ? show(db.reports, 'max_parallel_workers_per_gather')
            : db.reports
                .query<{ ro: string; timeout: string }>(
                  `SELECT current_setting('transaction_read_only') AS ro,
                     current_setting('statement_timeout') AS timeout`,
                )
                .then((r) => `${r.rows[0]!.ro} ${r.rows[0]!.timeout}`),
        ),
      );
      expect(new Set(seen)).toEqual(new Set(['0', `on ${REPORT_TIMEOUT_MS / 1000}s`]));
      await expect(db.reports.query('CREATE TEMP TABLE written (x int)')).rejects.toThrow(
        /read-only transaction/,
      );
      // A statement that failed leaves its connection clean for the next.
      expect(await show(db.reports, 'transaction_read_only')).toBe('on');
      // The service's own connections write, with the server's settings.
      expect(await show(db, 'transaction_read_only')).toBe('off');
      expect(await show(db, 'statement_timeout')).toBe('0');
      expect(await show(db, 'max_parallel_workers_per_gather')).toBe(server);
    } finally {
      await db.close();
    }
  });
});
