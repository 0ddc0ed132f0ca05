import type { Queryable } from './database.js';
import { readFailureStats, type FailureStats } from './failure-stats.js';
import { readMemoryStats, type MemoryStats } from './memory-stats.js';

/** `ci-autofix stats`: what the service achieved, from the store. */
export interface Stats extends FailureStats, MemoryStats {
  since: string | null;
  jobs: { total: number; finished: number; fixed: number; partial: number; skipped: number; failed: number };
  /** fixed / (finished − skipped): of the jobs that tried, how many turned CI green. */
  success_rate: number | null;
  by_repository: Array<{ repository: string; jobs: number; fixed: number; rate: number | null }>;
  /** Findings fixed per category and per tool. */
  by_category: Array<{ category: string; findings: number; fixed: number; rate: number }>;
  by_tool: Array<{ tool: string; findings: number; fixed: number; rate: number }>;
  /** Fixes kept by validation out of fixes tried. */
  by_fixer: Array<{ fixer: string; tried: number; kept: number; rate: number }>;
  time_to_fix_ms: { p50: number | null; p95: number | null };
  cost: { total_usd: number; per_fix_usd: number | null; per_day: Array<{ day: string; usd: number }> };
  attempts_per_pr: { mean: number | null; max: number };
  top_unfixable: Array<{ tool: string; code: string | null; count: number; example: string }>;
}

const rate = (a: number, b: number) => (b > 0 ? a / b : null);
const n = (v: unknown) => Number(v ?? 0);
/** A nullable aggregate (a percentile, an average over no rows) as a number, or null. */
const orNull = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));

// Every query reads jobs created since `since` ($1; NULL = all time).
const IN_WINDOW = `($1::timestamptz IS NULL OR j.created_at >= $1)`;

/** The window's start, ISO; null for all time. */
type Since = string | null;

export async function readStats(db: Queryable, options: { since?: Date } = {}): Promise<Stats> {
  const since = options.since?.toISOString() ?? null;
  const jobs = await jobCounts(db, since);
  const byRepository = await repositoryCounts(db, since);
  const byFixer = await fixerCounts(db, since);
  const time = await timeToFix(db, since);
  const cost = await costs(db, since, jobs.fixed);
  const attempts = await attemptsPerPr(db, since);
  const unfixable = await topUnfixable(db, since);
  return {
    since,
    jobs,
    success_rate: rate(jobs.fixed, jobs.finished - jobs.skipped),
    by_repository: byRepository,
    by_category: (await findings(db, since, 'category')).map(({ key, ...r }) => ({ category: key, ...r })),
    by_tool: (await findings(db, since, 'tool')).map(({ key, ...r }) => ({ tool: key, ...r })),
    by_fixer: byFixer,
    time_to_fix_ms: time,
    cost,
    attempts_per_pr: attempts,
    top_unfixable: unfixable,
    ...(await readFailureStats(db, since, jobs.total)),
    ...(await readMemoryStats(db, since)),
  };
}

async function jobCounts(db: Queryable, since: Since): Promise<Stats['jobs']> {
  const totals = (
    await db.query<Record<string, string>>(
      `SELECT count(*) AS total,
         count(o.job_id) AS finished,
         count(*) FILTER (WHERE o.outcome = 'fixed') AS fixed,
         count(*) FILTER (WHERE o.outcome = 'partial') AS partial,
         count(*) FILTER (WHERE o.outcome = 'skipped') AS skipped,
         count(*) FILTER (WHERE o.outcome = 'failed') AS failed
       FROM autofix.jobs j LEFT JOIN autofix.outcomes o ON o.job_id = j.id WHERE ${IN_WINDOW}`,
      [since],
    )
  ).rows[0]!;
  return {
    total: n(totals.total),
    finished: n(totals.finished),
    fixed: n(totals.fixed),
    partial: n(totals.partial),
    skipped: n(totals.skipped),
    failed: n(totals.failed),
  };
}

async function repositoryCounts(db: Queryable, since: Since): Promise<Stats['by_repository']> {
  const byRepo = await db.query<{ repository: string; jobs: string; fixed: string; tried: string }>(
    `SELECT r.full_name AS repository, count(*) AS jobs,
       count(*) FILTER (WHERE o.outcome = 'fixed') AS fixed,
       count(*) FILTER (WHERE o.outcome IS NOT NULL AND o.outcome <> 'skipped') AS tried
     FROM autofix.jobs j JOIN autofix.repositories r ON r.id = j.repository_id
     LEFT JOIN autofix.outcomes o ON o.job_id = j.id
     WHERE ${IN_WINDOW} GROUP BY r.full_name ORDER BY count(*) DESC, r.full_name`,
    [since],
  );
  return byRepo.rows.map((r) => ({
    repository: r.repository,
    jobs: n(r.jobs),
    fixed: n(r.fixed),
    rate: rate(n(r.fixed), n(r.tried)),
  }));
}

async function findings(db: Queryable, since: Since, column: 'category' | 'tool') {
  const rows = await db.query<{ key: string; findings: string; fixed: string }>(
    `SELECT d.${column} AS key, count(*) AS findings, count(*) FILTER (WHERE d.fixed) AS fixed
     FROM autofix.diagnostics d JOIN autofix.jobs j ON j.id = d.job_id
     WHERE ${IN_WINDOW} GROUP BY d.${column} ORDER BY count(*) DESC, d.${column}`,
    [since],
  );
  return rows.rows.map((r) => ({
    key: r.key,
    findings: n(r.findings),
    fixed: n(r.fixed),
    rate: n(r.fixed) / n(r.findings),
  }));
}

async function fixerCounts(db: Queryable, since: Since): Promise<Stats['by_fixer']> {
  const byFixer = await db.query<{ fixer: string; tried: string; kept: string }>(
    `SELECT f->>'fixer' AS fixer, count(*) AS tried, count(*) FILTER (WHERE (f->>'kept')::boolean) AS kept
     FROM autofix.outcomes o JOIN autofix.jobs j ON j.id = o.job_id,
       jsonb_array_elements(coalesce(o.detail->'fixers', '[]'::jsonb)) AS f
     WHERE ${IN_WINDOW} GROUP BY f->>'fixer' ORDER BY count(*) DESC, f->>'fixer'`,
    [since],
  );
  return byFixer.rows.map((r) => ({
    fixer: r.fixer,
    tried: n(r.tried),
    kept: n(r.kept),
    rate: n(r.kept) / n(r.tried),
  }));
}

async function timeToFix(db: Queryable, since: Since): Promise<Stats['time_to_fix_ms']> {
  const time = (
    await db.query<{ p50: number | null; p95: number | null }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY o.duration_ms) AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY o.duration_ms) AS p95
       FROM autofix.outcomes o JOIN autofix.jobs j ON j.id = o.job_id
       WHERE o.outcome = 'fixed' AND ${IN_WINDOW}`,
      [since],
    )
  ).rows[0];
  const ms = (v: number | null | undefined) => {
    const value = orNull(v);
    return value === null ? null : Math.round(value);
  };
  return { p50: ms(time?.p50), p95: ms(time?.p95) };
}

async function costs(db: Queryable, since: Since, fixed: number): Promise<Stats['cost']> {
  const cost = (
    await db.query<{ total: number | null }>(
      `SELECT sum(o.cost_usd) AS total FROM autofix.outcomes o JOIN autofix.jobs j ON j.id = o.job_id WHERE ${IN_WINDOW}`,
      [since],
    )
  ).rows[0];
  const perDay = await db.query<{ day: string; usd: number }>(
    `SELECT to_char(date_trunc('day', s.at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, sum(s.usd) AS usd
     FROM autofix.spend s WHERE ($1::timestamptz IS NULL OR s.at >= $1) GROUP BY 1 ORDER BY 1`,
    [since],
  );
  const totalCost = Number(cost?.total ?? 0);
  return {
    total_usd: totalCost,
    per_fix_usd: rate(totalCost, fixed),
    per_day: perDay.rows.map((r) => ({ day: r.day, usd: Number(r.usd) })),
  };
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

async function topUnfixable(db: Queryable, since: Since): Promise<Stats['top_unfixable']> {
  const unfixable = await db.query<{ tool: string; code: string | null; count: string; example: string }>(
    `SELECT d.tool, d.code, count(*) AS count, min(d.message) AS example
     FROM autofix.diagnostics d JOIN autofix.jobs j ON j.id = d.job_id
     WHERE NOT d.fixed AND ${IN_WINDOW}
     GROUP BY d.tool, d.code ORDER BY count(*) DESC, d.tool, d.code LIMIT 10`,
    [since],
  );
  return unfixable.rows.map((r) => ({
    tool: r.tool,
    code: r.code,
    count: n(r.count),
    example: r.example,
  }));
}
