import { afterEach, describe, expect, it } from 'vitest';
import { seedDashboard } from '../../test/helpers/dashboard-seed.js';
import { backends, createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js';
import type { Queryable } from './database.js';
import { readOverview } from './dashboard-queries.js';

/**
 * The overview's figures of findings, fixers and the fix memory, against the same counted the plain way
 * (every finding joined to its job, every record one by one): the store reads them by shortcuts (a
 * finding's copy of its job's creation time, one scan for several figures) that must not change them.
 */
describe.each(backends)("stats' windows on %s", (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());

  it('counts the findings, the fixers and the fix memory of a window as counted one by one', async () => {
    t = await createTestDatabase(backend);
    // Jobs over 21 days as the service writes them, their times then moved back to their age.
    await seedDashboard(t.db, { jobs: 40, days: 21 });
    for (const days of [3, 10, 30]) {
      const { stats } = await readOverview(t.db, { days });
      const plain = await countedOneByOne(t.db, stats.since!);
      expect([days, stats.by_tool]).toEqual([days, plain.byTool]);
      expect([days, stats.by_fixer]).toEqual([days, plain.byFixer]);
      expect([days, stats.memory.records, stats.memory.signatures]).toEqual([
        days,
        plain.records,
        plain.signatures,
      ]);
      expect(stats.memory.hit_rate).toBeCloseTo(plain.hitRate ?? NaN, 12);
    }
    // The windows differ: the shortest holds fewer findings than the longest.
    const count = async (days: number) =>
      (await readOverview(t.db, { days })).stats.by_tool.reduce((a, x) => a + x.findings, 0);
    expect(await count(3)).toBeLessThan(await count(30));
  });
});

async function countedOneByOne(db: Queryable, since: string) {
  const rows = async <T>(sql: string) => (await db.query<T>(sql, [since])).rows;
  const findings = await rows<{ tool: string; fixed: boolean }>(
    `SELECT d.tool, d.fixed FROM autofix.diagnostics d JOIN autofix.jobs j ON j.id = d.job_id
     WHERE j.created_at >= $1`,
  );
  const tries = await rows<{ fixer: string; kept: boolean | null }>(
    `SELECT f.fixer, f.kept FROM autofix.fixer_tries f JOIN autofix.jobs j ON j.id = f.job_id
     WHERE j.created_at >= $1`,
  );
  const memory = await rows<{ signature: string; had_memory: boolean }>(
    `SELECT signature, had_memory FROM autofix.fix_memory WHERE at >= $1`,
  );
  const tally = <T>(xs: T[], key: (x: T) => string, good: (x: T) => boolean) => {
    const m = new Map<string, [number, number]>();
    for (const x of xs) {
      const c = m.get(key(x)) ?? [0, 0];
      m.set(key(x), [c[0] + 1, c[1] + (good(x) ? 1 : 0)]);
    }
    // Most first, then by name: as stats orders them.
    return [...m].sort(([a, [x]], [b, [y]]) => y - x || (a < b ? -1 : 1));
  };
  return {
    byTool: tally(
      findings,
      (d) => d.tool,
      (d) => d.fixed,
    ).map(([tool, [findings, fixed]]) => ({
      tool,
      findings,
      fixed,
      rate: fixed / findings,
    })),
    byFixer: tally(
      tries,
      (f) => f.fixer,
      (f) => f.kept === true,
    ).map(([fixer, [tried, kept]]) => ({
      fixer,
      tried,
      kept,
      rate: kept / tried,
    })),
    records: memory.length,
    signatures: new Set(memory.map((m) => m.signature)).size,
    hitRate: memory.length ? memory.filter((m) => m.had_memory).length / memory.length : null,
  };
}
