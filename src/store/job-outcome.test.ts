import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, fixRequest, type TestDatabase } from '../../test/helpers/databases.js';
import { JobQueue } from './job-queue.js';
import { recordOutcome } from './job-outcome.js';

describe.each(backends)('a job outcome on %s', (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());

  it('is stored once with its findings, however often a job that ran twice reports', async () => {
    t = await createTestDatabase(backend);
    const queue = await JobQueue.open(t.db);
    const { id } = await queue.enqueue(fixRequest());
    await queue.stop(0);
    const finding = (n: number) => ({
      tool: 'ruff',
      code: 'F401',
      category: 'lint',
      fixability: 'deterministic',
      fixed: n % 2 === 0,
      ...(n % 2 === 0 ? { fixer: 'ruff-check' } : {}),
      path: `src/m${n}.py`,
      message: `\`os\` imported but unused (${n})`,
    });
    const diagnostics = Array.from({ length: 300 }, (_, n) => finding(n));
    await recordOutcome(t.db, id, { outcome: 'partial', commits: 1, diagnostics }, 1200);
    // The same job, run again after its worker was lost, reports again: nothing more is stored.
    await recordOutcome(t.db, id, { outcome: 'fixed', diagnostics }, 900);
    const outcomes = await t.db.query<{ outcome: string; duration_ms: number }>(
      'SELECT outcome, duration_ms FROM autofix.outcomes',
    );
    expect(outcomes.rows).toEqual([{ outcome: 'partial', duration_ms: 1200 }]);
    // count() is a bigint: a string from pg, a number from PGlite.
    const stored = await t.db.query<{ n: string | number; fixed: string | number; fixer: string | null }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE fixed) AS fixed, max(fixer) AS fixer FROM autofix.diagnostics`,
    );
    const row = stored.rows[0]!;
    expect([Number(row.n), Number(row.fixed), row.fixer]).toEqual([300, 150, 'ruff-check']);
  });
});
