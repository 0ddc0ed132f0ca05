import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, fixRequest, type TestDatabase } from '../../test/helpers/databases.js';
import type { Database } from './database.js';
import { readOverview } from './dashboard-queries.js';
import { insertJob } from './job-records.js';
import { appliedVersion, migrate, migrations } from './migrations.js';

/** A store of `version`, as a released service left it. */
async function storeOfVersion(db: Database, version: number): Promise<void> {
  await db.exec(`CREATE SCHEMA autofix;
    CREATE TABLE autofix.migrations (version integer PRIMARY KEY, name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now());`);
  for (const m of migrations.filter((m) => m.version <= version)) {
    await db.exec(m.sql);
    await db.query('INSERT INTO autofix.migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
  }
}

describe.each(backends)('migrations 5 and 6 (the dashboard) on %s', (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());

  it("keeps the figures of the jobs finished before it, their fixers' tries included", async () => {
    t = await createTestDatabase(backend, { migrate: false });
    await storeOfVersion(t.db, 4);
    const details = [
      {
        fixers: [
          { fixer: 'ruff-check', kept: true },
          { fixer: 'model', kept: false, reason: 'a new finding' },
        ],
      },
      { fixers: [{ fixer: 'ruff-check', kept: false }] },
      // Written by no release, but stats never refused them: no fixer, or no list.
      { fixers: [{ fixer: 'eslint' }] },
      { fixers: 'none' },
      null,
    ];
    for (const [i, detail] of details.entries()) {
      const { id } = await insertJob(t.db, fixRequest({ trigger: `suite:${i}` }));
      await t.db.query(
        `INSERT INTO autofix.outcomes (job_id, outcome, cost_usd, detail) VALUES ($1, 'fixed', 0.5, $2)`,
        [id, detail === null ? null : JSON.stringify(detail)],
      );
    }

    expect(await migrate(t.db)).toEqual([5, 6]);
    expect(await appliedVersion(t.db)).toBe(6);
    const { stats, days } = await readOverview(t.db, { days: 1 });
    expect(stats.by_fixer).toEqual([
      { fixer: 'ruff-check', tried: 2, kept: 1, rate: 0.5 },
      { fixer: 'eslint', tried: 1, kept: 0, rate: 0 },
      { fixer: 'model', tried: 1, kept: 0, rate: 0 },
    ]);
    expect(stats.jobs).toMatchObject({ total: 5, finished: 5, fixed: 5 });
    // Tokens were not recorded before: 0, not missing.
    expect(days).toEqual([
      expect.objectContaining({ jobs: 5, cost_usd: 2.5, input_tokens: 0, output_tokens: 0 }),
    ]);
  });

  it("counts the findings and fixers' tries stored before 6 in their job's window, not in today's", async () => {
    t = await createTestDatabase(backend, { migrate: false });
    await storeOfVersion(t.db, 5);
    // Two finished jobs, one created 40 days ago, each with a finding and a fixer's try as 5 stored them.
    for (const [i, age] of [40, 0].entries()) {
      const { id } = await insertJob(t.db, fixRequest({ trigger: `suite:${i}` }));
      await t.db.query(
        `UPDATE autofix.jobs SET created_at = now() - $2::int * interval '1 day' WHERE id = $1`,
        [id, age],
      );
      await t.db.query(`INSERT INTO autofix.outcomes (job_id, outcome) VALUES ($1, 'fixed')`, [id]);
      await t.db.query(`INSERT INTO autofix.fixer_tries (job_id, fixer, kept) VALUES ($1, $2, true)`, [
        id,
        `fixer-${age}`,
      ]);
      await t.db.query(
        `INSERT INTO autofix.diagnostics (job_id, tool, category, fixability, fixed, message)
         VALUES ($1, $2, 'lint', 'deterministic', true, 'm')`,
        [id, `tool-${age}`],
      );
    }

    expect(await migrate(t.db)).toEqual([6]);
    const month = (await readOverview(t.db, { days: 30 })).stats;
    expect(month.by_fixer.map((f) => f.fixer)).toEqual(['fixer-0']);
    expect(month.by_tool.map((f) => f.tool)).toEqual(['tool-0']);
    const all = (await readOverview(t.db, { days: 90 })).stats;
    expect(all.by_fixer.map((f) => f.fixer).sort()).toEqual(['fixer-0', 'fixer-40']);
    expect(all.by_tool.map((f) => f.tool).sort()).toEqual(['tool-0', 'tool-40']);
  });
});
