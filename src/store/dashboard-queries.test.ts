import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, fixRequest, type TestDatabase } from '../../test/helpers/databases.js';
import { isAutofixError } from '../domain/index.js';
import type { JobListRow } from './dashboard-types.js';
import { listJobs, readJob, readOverview } from './dashboard-queries.js';
import type { Database, Queryable } from './database.js';
import { StoreJobEvents } from './job-events.js';
import { recordOutcome } from './job-outcome.js';
import { claimJob, endAttempt, insertJob } from './job-records.js';
import { readStats } from './stats.js';

/** Every outcome a job can end with, one unknown to this version, and jobs not finished (undefined). */
const OUTCOMES = [
  'fixed',
  'partial',
  'not-fixable',
  'validation-failed',
  'nothing-to-fix',
  'skipped',
  'failed',
  'from-a-newer-version',
  undefined,
] as const;

/**
 * 40 jobs in two repositories over the last 12 days (none 3 days ago), four created at the same
 * microsecond (a page boundary falls among them), each outcome in turn with a cost and tokens.
 */
async function seed(db: Queryable): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const repo = i % 3 === 0 ? 'octo/lib' : 'octo/app';
    const { id } = await insertJob(db, fixRequest({ repo, pr: i, trigger: `suite:${i}` }));
    ids.push(id);
    const daysAgo = i < 4 ? 1 : [0, 1, 2, 4, 5, 7, 11][i % 7]!;
    // Noon of that (UTC) day, minus i minutes: distinct times, but for the first four.
    await db.query(
      `UPDATE autofix.jobs SET state = 'done', created_at =
         (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') - $2::int * interval '1 day'
         + interval '12 hours' - CASE WHEN $3::boolean THEN interval '0' ELSE $4::int * interval '1 minute' END
       WHERE id = $1`,
      [id, daysAgo, i < 4, i],
    );
    const outcome = OUTCOMES[i % OUTCOMES.length];
    if (outcome)
      await recordOutcome(db, id, {
        outcome,
        costUsd: i / 100,
        inputTokens: 1000 * i,
        outputTokens: 10 * i,
        durationMs: 1000 + i,
        // Two fixers tried in each job; the model's fix kept in one of three.
        detail: {
          fixers: [
            { fixer: 'ruff-check', kept: true },
            { fixer: 'model', kept: i % 3 === 0 },
          ],
        },
        diagnostics: [
          {
            tool: 'ruff',
            code: 'F401',
            category: 'import',
            fixability: 'deterministic',
            fixed: outcome === 'fixed',
            message: `m${i}`,
          },
        ],
      });
  }
  return ids;
}

const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);

describe.each(backends)('the dashboard on %s', (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());
  const seeded = async () => {
    t = await createTestDatabase(backend);
    return { db: t.db, ids: await seed(t.db) };
  };

  it("shows stats' own figures, and days that add up to them, empty days included", async () =>
    overviewAddsUp((await seeded()).db));
  it('pages through every job exactly once, newest first, with filters; a bad cursor is said so', async () => {
    const { db, ids } = await seeded();
    await everyJobOnce(db, ids);
  });
  it("reads one job's page: the row, the outcome's detail, findings, events in order and attempts", async () => {
    t = await createTestDatabase(backend);
    await jobPage(t.db);
  });
});

const PARTS = [
  'fixed',
  'partial',
  'not_fixable',
  'validation_failed',
  'nothing_to_fix',
  'skipped',
  'failed',
  'other',
] as const;

async function overviewAddsUp(db: Queryable): Promise<void> {
  const o = await readOverview(db, { days: 10 });
  // The window: today and the 9 days before it; the jobs of 11 days ago are outside.
  expect(o.stats).toEqual(await readStats(db, { since: new Date(o.stats.since!) }));
  expect(o.days).toHaveLength(10);
  expect(o.days[9]!.day).toBe(new Date().toISOString().slice(0, 10));
  expect(o.days[6]).toMatchObject({ jobs: 0, finished: 0, success_rate: null });
  const j = o.stats.jobs;
  expect(j.total).toBe(40 - 5);
  // Every outcome is counted: the parts add up to the jobs finished, in the window and each day.
  expect(PARTS.every((p) => j[p] > 0)).toBe(true);
  expect(sum(PARTS, (p) => j[p])).toBe(j.finished);
  expect(j.finished).toBeLessThan(j.total);
  for (const d of o.days) expect(sum(PARTS, (p) => d[p])).toBe(d.finished);
  for (const key of [...PARTS, 'finished'] as const)
    expect([key, sum(o.days, (d) => d[key])]).toEqual([key, j[key]]);
  expect(sum(o.days, (d) => d.jobs)).toBe(j.total);
  expect(sum(o.days, (d) => d.cost_usd)).toBeCloseTo(o.stats.cost.total_usd, 9);
  const inWindow = async (select: string, condition = 'true') =>
    Number(
      (
        await db.query<{ n: string | number }>(
          `SELECT ${select} AS n FROM autofix.jobs j JOIN autofix.outcomes o ON o.job_id = j.id
           WHERE j.created_at >= $1 AND ${condition}`,
          [o.stats.since],
        )
      ).rows[0]!.n,
    );
  expect(sum(o.days, (d) => d.input_tokens)).toBe(await inWindow('sum(o.input_tokens)'));
  const modelKept = await inWindow('count(*)', `(o.detail->'fixers'->1->>'kept')::boolean`);
  expect(o.stats.by_fixer).toEqual([
    { fixer: 'model', tried: j.finished, kept: modelKept, rate: modelKept / j.finished },
    { fixer: 'ruff-check', tried: j.finished, kept: j.finished, rate: 1 },
  ]);
  const busiest = o.days.reduce((a, d) => (d.jobs > a.jobs ? d : a));
  expect(busiest.success_rate).toBe(busiest.fixed / (busiest.finished - busiest.skipped));
  // Time to green: the fixed jobs' durations, interpolated between the nearest two (percentile_cont).
  const times = (
    await db.query<{ t: number }>(
      `SELECT o.duration_ms AS t FROM autofix.jobs j JOIN autofix.outcomes o ON o.job_id = j.id
       WHERE j.created_at >= $1 AND o.outcome = 'fixed' ORDER BY 1`,
      [o.stats.since],
    )
  ).rows.map((r) => Number(r.t));
  expect(times.length).toBeGreaterThan(2);
  const at = (p: number) => {
    const x = p * (times.length - 1);
    const lo = Math.floor(x);
    return Math.round(times[lo]! + (x - lo) * ((times[lo + 1] ?? times[lo]!) - times[lo]!));
  };
  expect(o.stats.time_to_fix_ms).toEqual({ p50: at(0.5), p95: at(0.95) });
  const fixedDay = o.days.find((d) => d.fixed === 1)!;
  expect(fixedDay.time_to_fix_p50_ms).toBe(fixedDay.time_to_fix_p95_ms);
  expect(o.days.find((d) => d.fixed === 0)?.time_to_fix_p50_ms).toBeNull();
  // The first page of jobs, newest first.
  expect(o.latest.rows.map((r) => r.id)).toEqual((await listJobs(db)).rows.map((r) => r.id));
}

async function everyJobOnce(db: Queryable, ids: string[]): Promise<void> {
  const all = await pages(db, {});
  expect(all.map((r) => r.id).sort()).toEqual([...ids].sort());
  expect(new Set(all.map((r) => r.id)).size).toBe(40);
  // No outcome stored a pull request's title (or no outcome at all): the lists say none.
  expect(all.every((r) => r.title === null)).toBe(true);
  const order = all.map((r) => `${r.created_at} ${r.id}`);
  expect(order).toEqual([...order].sort().reverse());

  const lib = await pages(db, { repository: 'octo/lib' });
  expect(lib.map((r) => r.id).sort()).toEqual(ids.filter((_, i) => i % 3 === 0).sort());
  const notFixable = await pages(db, { outcome: 'not-fixable' });
  expect(notFixable.map((r) => r.id).sort()).toEqual(ids.filter((_, i) => i % OUTCOMES.length === 2).sort());
  expect(notFixable.every((r) => r.outcome === 'not-fixable' && r.state === 'done')).toBe(true);
  expect((await listJobs(db, { repository: 'nobody/here' })).rows).toEqual([]);

  for (const cursor of ['', 'nonsense', Buffer.from('["2020-01-01", "x"]').toString('base64url')]) {
    const err = await listJobs(db, { cursor }).catch((e: unknown) => e);
    expect(isAutofixError(err) && err.code).toBe('bad-cursor');
    expect((err as Error).message).toMatch(/start again from the first page/);
  }
}

async function jobPage(db: Database): Promise<void> {
  const finding = {
    tool: 'ruff',
    code: 'F401',
    category: 'import',
    fixability: 'deterministic',
    fixed: true,
    fixer: 'ruff-check',
    path: 'a.py',
    message: 'unused',
  };
  const { id } = await insertJob(db, fixRequest({ pr: 7 }));
  await db.query(`UPDATE autofix.jobs SET state = 'queued' WHERE id = $1`, [id]);
  const job = (await db.transaction((tx) => claimJob(tx, id, { id: randomUUID(), name: 'w1' })))!;
  const recorder = new StoreJobEvents(db).open(id, () => undefined);
  recorder.emit({ type: 'pr-failed-jobs', head: 'a'.repeat(40), jobs: ['lint'], elapsedMs: 5 });
  recorder.emit({ type: 'committed', subject: 'fix(ruff): 1 finding', elapsedMs: 9 });
  await recorder.close();
  await db.transaction(async (tx) => {
    await endAttempt(tx, job, 'done', null, null);
    await recordOutcome(
      tx,
      id,
      {
        outcome: 'fixed',
        published: 'push',
        commits: 1,
        costUsd: 0.25,
        detail: { pull_request: { number: 7, title: 'Add <b>retries</b>' }, notes: ['n'] },
        diagnostics: [finding],
      },
      1500,
    );
  });

  const d = (await readJob(db, id))!;
  expect(d.job).toMatchObject({
    id,
    repository: 'octo/app',
    pr: 7,
    title: 'Add <b>retries</b>',
    state: 'done',
    outcome: 'fixed',
    published: 'push',
    commits: 1,
    cost_usd: 0.25,
    duration_ms: 1500,
  });
  expect(d.job.finished_at).not.toBeNull();
  expect(d.detail).toEqual({ pull_request: { number: 7, title: 'Add <b>retries</b>' }, notes: ['n'] });
  // Read back as stored, every field of it.
  expect(d.findings).toEqual([finding]);
  expect(d.findings_total).toBe(1);
  expect(d.events.map((e) => e.type)).toEqual(['pr-failed-jobs', 'committed']);
  expect(d.events[1]).toMatchObject({ subject: 'fix(ruff): 1 finding' });
  expect(d.attempts).toEqual([expect.objectContaining({ number: 1, worker: 'w1', error: null })]);

  expect(await readJob(db, 'not-a-uuid')).toBeUndefined();
  expect(await readJob(db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
}

/** Every page of the list, 7 jobs at a time. */
async function pages(
  db: Queryable,
  filter: { repository?: string; outcome?: string },
): Promise<JobListRow[]> {
  const rows: JobListRow[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await listJobs(db, { ...filter, limit: 7, ...(cursor ? { cursor } : {}) });
    rows.push(...page.rows);
    if (!page.next) return rows;
    cursor = page.next;
  }
  throw new Error('the pages never end');
}
