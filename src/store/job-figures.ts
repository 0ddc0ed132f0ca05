import type { Queryable } from './database.js';
import { OUTCOME_COUNTS, OUTCOME_FIELDS, outcomeCounts, type OutcomeCounts } from './outcome-counts.js';
import { IN_WINDOW, type Since } from './stats-findings.js';
import { n, rate } from './figures.js';

/**
 * One day (UTC) of the window: the dashboard's time series. The same pass over the jobs as `stats`'s
 * figures, so that over the window the days add up to `stats` (their outcome counts, cost and tokens).
 */
export interface DayRow extends OutcomeCounts {
  /** YYYY-MM-DD */
  day: string;
  /** Jobs created that day, and how those that finished ended. */
  jobs: number;
  /** Those of them that finished: the sum of the outcome counts. */
  finished: number;
  fixed: number;
  partial: number;
  not_fixable: number;
  skipped: number;
  failed: number;
  /** fixed / (finished − skipped), as `stats` computes it; null without such jobs. */
  success_rate: number | null;
  /** Time to green of the day's fixed jobs. */
  time_to_fix_p50_ms: number | null;
  time_to_fix_p95_ms: number | null;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
}

const rounded = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
/** A job's day, as a date: grouping by it (or by the repository's id) is far cheaper than by text. */
const DAY = `(j.created_at AT TIME ZONE 'UTC')::date`;

/** Counted alike for the window, each repository and each day. */
function figures(r: Record<string, unknown>) {
  const counts = outcomeCounts(r);
  // [p50, p95] (pg and PGlite both parse float8[]); NULL for a group without a fixed job.
  const [p50, p95] = Array.isArray(r.percentiles) ? (r.percentiles as unknown[]) : [];
  return {
    jobs: n(r.total),
    finished: n(r.finished),
    ...counts,
    success_rate: rate(counts.fixed, n(r.finished) - counts.skipped),
    time_to_fix_p50_ms: rounded(p50),
    time_to_fix_p95_ms: rounded(p95),
    cost_usd: n(r.cost),
    input_tokens: n(r.input_tokens),
    output_tokens: n(r.output_tokens),
  };
}

/**
 * The jobs and their outcomes in one join, hashed three ways (the statistics `jobs_day` tell the planner
 * how few days there are): the window's figures, each repository's (most jobs first) and each day's that
 * had jobs (in order), and today (UTC, by the database's clock, which stamped the jobs). The fixed jobs'
 * times are gathered per group, and their percentiles taken from those (a few hundred values a day)
 * rather than from a second join, both from one sort.
 */
export async function jobFigures(db: Queryable, since: Since) {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT g.kind, g.total, g.finished, ${OUTCOME_FIELDS.map((f) => `g.${f}`).join(', ')},
       g.cost, g.input_tokens, g.output_tokens,
       CASE WHEN g.kind <> 'repository' THEN (SELECT percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY t)
         FROM unnest(g.times) t) END AS percentiles,
       r.full_name AS repository, to_char(g.utc_day, 'YYYY-MM-DD') AS day,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS today
     FROM (
       SELECT CASE WHEN GROUPING(j.repository_id) = 0 THEN 'repository'
           WHEN GROUPING(${DAY}) = 0 THEN 'day' ELSE 'all' END AS kind,
         j.repository_id, ${DAY} AS utc_day, count(*) AS total, count(o.job_id) AS finished,
         ${OUTCOME_COUNTS},
         sum(o.cost_usd) AS cost, sum(o.input_tokens) AS input_tokens, sum(o.output_tokens) AS output_tokens,
         array_agg(o.duration_ms) FILTER (WHERE o.outcome = 'fixed') AS times
       FROM autofix.jobs j LEFT JOIN autofix.outcomes o ON o.job_id = j.id
       WHERE ${IN_WINDOW}
       GROUP BY GROUPING SETS ((), (j.repository_id), (${DAY}))) g
     LEFT JOIN autofix.repositories r ON r.id = g.repository_id
     ORDER BY g.kind, g.total DESC, r.full_name, g.utc_day`,
    [since],
  );
  // The empty grouping set gives its row even without a job.
  const all = rows.find((r) => r.kind === 'all') ?? {};
  return {
    window: figures(all),
    by_repository: rows
      .filter((r) => r.kind === 'repository')
      .map((r) => ({ repository: String(r.repository), ...figures(r) })),
    // YYYY-MM-DD sorts as text.
    days: rows
      .filter((r) => r.kind === 'day')
      .map((r): DayRow => ({ day: String(r.day), ...figures(r) }))
      .sort((a, b) => (a.day < b.day ? -1 : 1)),
    today: String(all.today ?? new Date().toISOString().slice(0, 10)),
  };
}
