import type { Queryable } from './database.js';
import { readFailureStats, type FailureStats } from './failure-stats.js';
import { readMemoryStats, type MemoryStats } from './memory-stats.js';
import { jobFigures, type DayRow } from './job-figures.js';
import { outcomeCounts, type OutcomeCounts } from './outcome-counts.js';
import { findingFigures, fixerCounts, IN_WINDOW, type FindingStats, type Since } from './stats-findings.js';
import { n, orNull, rate } from './figures.js';

/** `ci-autofix stats`: what the service achieved, from the store. */
export interface Stats extends FailureStats, MemoryStats, FindingStats {
  since: string | null;
  /** Jobs in the window, those finished, and how they ended: the outcomes add up to `finished`. */
  jobs: { total: number; finished: number } & OutcomeCounts;
  /** fixed / (finished − skipped): of the jobs that tried, how many turned CI green. */
  success_rate: number | null;
  by_repository: Array<{ repository: string; jobs: number; fixed: number; rate: number | null }>;
  time_to_fix_ms: { p50: number | null; p95: number | null };
  cost: { total_usd: number; per_fix_usd: number | null; per_day: Array<{ day: string; usd: number }> };
  attempts_per_pr: { mean: number | null; max: number };
}

export async function readStats(db: Queryable, options: { since?: Date } = {}): Promise<Stats> {
  return (await statsWithDays(db, options.since)).stats;
}

/**
 * `stats`, and the days it counted (those with jobs, in order) with today's date, from the same reads:
 * the dashboard's overview, whose days therefore add up to its `stats`.
 */
export async function statsWithDays(
  db: Queryable,
  sinceDate?: Date,
): Promise<{ stats: Stats; days: DayRow[]; today: string }> {
  const since = sinceDate?.toISOString() ?? null;
  // Independent reads, side by side on a pool (PostgreSQL; PGlite takes them in turn): each one scans
  // its tables once for all the figures it gives.
  const figures = jobFigures(db, since);
  const [jobs, findings, byFixer, perDay, attempts, failures, memory] = await Promise.all([
    figures,
    findingFigures(db, since),
    fixerCounts(db, since),
    spendPerDay(db, since),
    attemptsPerPr(db, since),
    figures.then((f) => readFailureStats(db, since, f.window.jobs)),
    readMemoryStats(db, since),
  ]);
  const w = jobs.window;
  const { jobs: total, finished, success_rate, time_to_fix_p50_ms: p50, time_to_fix_p95_ms: p95 } = w;
  const stats: Stats = {
    since,
    jobs: { total, finished, ...outcomeCounts(w) },
    success_rate,
    by_repository: jobs.by_repository.map((r) => ({
      repository: r.repository,
      jobs: r.jobs,
      fixed: r.fixed,
      rate: r.success_rate,
    })),
    by_category: findings.by_category,
    by_tool: findings.by_tool,
    by_fixer: byFixer,
    time_to_fix_ms: { p50, p95 },
    cost: { total_usd: w.cost_usd, per_fix_usd: rate(w.cost_usd, w.fixed), per_day: perDay },
    attempts_per_pr: attempts,
    top_unfixable: findings.top_unfixable,
    ...failures,
    ...memory,
  };
  return { stats, days: jobs.days, today: jobs.today };
}

async function spendPerDay(db: Queryable, since: Since): Promise<Stats['cost']['per_day']> {
  const perDay = await db.query<{ day: string; usd: number }>(
    `SELECT to_char(date_trunc('day', s.at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, sum(s.usd) AS usd
     FROM autofix.spend s WHERE ($1::timestamptz IS NULL OR s.at >= $1) GROUP BY 1 ORDER BY 1`,
    [since],
  );
  return perDay.rows.map((r) => ({ day: r.day, usd: Number(r.usd) }));
}

async function attemptsPerPr(db: Queryable, since: Since): Promise<Stats['attempts_per_pr']> {
  const attempts = (
    await db.query<{ mean: number | null; max: number | null }>(
      `SELECT avg(c)::float AS mean, max(c) AS max FROM (
         SELECT count(*) AS c FROM autofix.jobs j
         WHERE j.pr_number IS NOT NULL AND j.state NOT IN ('cancelled', 'superseded') AND ${IN_WINDOW}
         GROUP BY j.repository_id, j.pr_number) per_pr`,
      [since],
    )
  ).rows[0];
  return { mean: orNull(attempts?.mean), max: n(attempts?.max) };
}
