import { AutofixError } from '../domain/index.js';
import { daySeries, MAX_DAYS } from './dashboard-days.js';
import type { DashboardOverview, JobDetail } from './dashboard-types.js';
import type { Queryable } from './database.js';
import { readJobEvents } from './job-events.js';
import { JOB_COLUMNS, JOB_FROM, jobListRow, listJobs, UUID } from './job-list.js';
import { statsWithDays } from './stats.js';

export { listJobs, type JobListOptions } from './job-list.js';

/** The overview's window when it is given in days: the last 30, today included. */
export const DEFAULT_DAYS = 30;

/** A job page lists this many findings at most (a job may have thousands): `findings_total` says all. */
export const MAX_FINDINGS = 500;

export interface OverviewOptions {
  /** The window's start; without it, midnight (UTC) `days` − 1 days ago. */
  since?: Date;
  /** 1 to MAX_DAYS (90); DEFAULT_DAYS without it. */
  days?: number;
  /** Jobs on the first page of `latest`. */
  limit?: number;
}

/**
 * The overview: `stats` for the window (the same figures as `stats --format json --since`), one row per
 * UTC day of it (the last MAX_DAYS days when it is longer), and the newest jobs.
 */
export async function readOverview(db: Queryable, options: OverviewOptions = {}): Promise<DashboardOverview> {
  const days = options.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    throw new AutofixError('usage', `days must be a whole number from 1 to ${MAX_DAYS} (got ${days})`);
  const since = options.since ?? new Date(startOfUtcDay(new Date()) - (days - 1) * 86_400_000);
  if (Number.isNaN(since.getTime())) throw new AutofixError('usage', 'since must be a valid date');
  // Independent reads: on a pool (PostgreSQL) they run side by side; PGlite takes them in turn.
  const [{ stats, days: counted, today }, latest] = await Promise.all([
    statsWithDays(db, since),
    listJobs(db, options.limit !== undefined ? { limit: options.limit } : {}),
  ]);
  return { stats, days: daySeries(counted, since, today), latest };
}

function startOfUtcDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** One job's page; undefined for an id that is not a job's (malformed ones too). */
export async function readJob(db: Queryable, id: string): Promise<JobDetail | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${JOB_COLUMNS}, o.detail FROM ${JOB_FROM} WHERE j.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const [findings, events, attempts] = await Promise.all([
    readFindings(db, id),
    readJobEvents(db, id),
    readAttempts(db, id),
  ]);
  return { job: jobListRow(row), detail: row.detail ?? null, ...findings, events, attempts };
}

async function readFindings(db: Queryable, id: string) {
  const { rows } = await db.query<JobDetail['findings'][number] & { total: number | string }>(
    `SELECT tool, code, category, fixability, fixed, fixer, path, message, count(*) OVER () AS total
     FROM autofix.diagnostics WHERE job_id = $1 ORDER BY id LIMIT $2`,
    [id, MAX_FINDINGS],
  );
  return {
    findings: rows.map(({ total: _total, ...f }) => f),
    findings_total: Number(rows[0]?.total ?? 0),
  };
}

async function readAttempts(db: Queryable, id: string): Promise<JobDetail['attempts']> {
  const { rows } = await db.query<Record<string, unknown>>(
    'SELECT number, worker, started_at, finished_at, error FROM autofix.attempts WHERE job_id = $1 ORDER BY number',
    [id],
  );
  return rows.map((r) => ({
    number: Number(r.number),
    worker: String(r.worker),
    started_at: new Date(r.started_at as string).toISOString(),
    finished_at: r.finished_at ? new Date(r.finished_at as string).toISOString() : null,
    error: (r.error as string | null) ?? null,
  }));
}
