import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, fixRequest, type TestDatabase } from '../../test/helpers/databases.js';
import { readOverview } from './dashboard-queries.js';
import { insertJob } from './job-records.js';
import { appliedVersion, migrate, migrations } from './migrations.js';

describe.each(backends)('migration 5 (the dashboard) on %s', (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());

  it("keeps the figures of the jobs finished before it, their fixers' tries included", async () => {
    t = await createTestDatabase(backend, { migrate: false });
    // A store of version 4, as a released service left it.
    await t.db.exec(`CREATE SCHEMA autofix;
      CREATE TABLE autofix.migrations (version integer PRIMARY KEY, name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now());`);
    for (const m of migrations.filter((m) => m.version <= 4)) {
      await t.db.exec(m.sql);
      await t.db.query('INSERT INTO autofix.migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
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

    expect(await migrate(t.db)).toEqual([5]);
    expect(await appliedVersion(t.db)).toBe(5);
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
});
