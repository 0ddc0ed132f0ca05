import { AutofixError } from '../domain/index.js';
import type { JobListRow, Page } from './dashboard-types.js';
import type { Queryable } from './database.js';

/** A page holds this many jobs unless asked otherwise, and never more than MAX_PAGE. */
export const PAGE_SIZE = 50;
export const MAX_PAGE = 200;

/** What the lists select of a job (`j`), its repository (`r`) and its outcome (`o`, maybe NULL). */
export const JOB_COLUMNS = `j.id, r.full_name AS repository, j.pr_number AS pr, j.head_sha, j.kind, j.trigger,
  j.state, o.detail #>> '{pull_request,title}' AS title, o.outcome, coalesce(o.reason, j.reason) AS reason, o.published, coalesce(o.commits, 0) AS commits,
  coalesce(o.cost_usd, 0)::float8 AS cost_usd, o.duration_ms, j.created_at, j.finished_at,
  to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS position`;

export const JOB_FROM = `autofix.jobs j JOIN autofix.repositories r ON r.id = j.repository_id
  LEFT JOIN autofix.outcomes o ON o.job_id = j.id`;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** A row selected with JOB_COLUMNS (pg gives bigint and numeric as strings, PGlite numbers). */
export function jobListRow(r: Record<string, unknown>): JobListRow {
  return {
    id: String(r.id),
    repository: String(r.repository),
    pr: r.pr === null || r.pr === undefined ? null : Number(r.pr),
    title: typeof r.title === 'string' ? r.title : null,
    head_sha: String(r.head_sha),
    kind: String(r.kind),
    trigger: String(r.trigger),
    state: String(r.state),
    outcome: (r.outcome as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    published: (r.published as string | null) ?? null,
    commits: Number(r.commits ?? 0),
    cost_usd: Number(r.cost_usd ?? 0),
    duration_ms: r.duration_ms === null || r.duration_ms === undefined ? null : Number(r.duration_ms),
    created_at: iso(r.created_at)!,
    finished_at: iso(r.finished_at),
  };
}

export interface JobListOptions {
  /** owner/name */
  repository?: string;
  /** fixed, partial, not-fixable, …: only jobs that finished so. */
  outcome?: string;
  /** `next` of the page before. */
  cursor?: string;
  limit?: number;
}

/**
 * The jobs, newest first, a page at a time: keyset pagination on (created_at, id), so a page costs the
 * same however deep it is, and a job created meanwhile does not shift the pages after the first (it
 * appears only at the top).
 */
export async function listJobs(db: Queryable, options: JobListOptions = {}): Promise<Page<JobListRow>> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? PAGE_SIZE) || PAGE_SIZE, 1), MAX_PAGE);
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  // The page's jobs are found first from the indexes alone (jobs_created or jobs_repository_created, and
  // outcomes_figures for the outcome): a rare outcome may take thousands of jobs to fill a page, and
  // only the page's own are read whole. One more than the page: whether there is a next one.
  const { rows } = await db.query<Record<string, unknown>>(
    `WITH page AS (
       SELECT j.id FROM autofix.jobs j LEFT JOIN autofix.outcomes o ON o.job_id = j.id
       WHERE ($1::text IS NULL OR j.repository_id = (SELECT id FROM autofix.repositories WHERE full_name = $1))
         AND ($2::text IS NULL OR o.outcome = $2)
         AND ($3::text IS NULL OR (j.created_at, j.id) < (($3::timestamp AT TIME ZONE 'UTC'), $4::uuid))
       ORDER BY j.created_at DESC, j.id DESC LIMIT $5)
     SELECT ${JOB_COLUMNS} FROM page, ${JOB_FROM} WHERE j.id = page.id
     ORDER BY j.created_at DESC, j.id DESC`,
    [options.repository ?? null, options.outcome ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(jobListRow),
    next: rows.length > limit && last ? encodeCursor(String(last.position), String(last.id)) : null,
  };
}

const POSITION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The last job of a page, to the microsecond (a Date has only milliseconds), as one opaque string. */
function encodeCursor(position: string, id: string): string {
  return Buffer.from(JSON.stringify([position, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    POSITION.test(String(parsed[0])) &&
    UUID.test(String(parsed[1]))
  )
    return [String(parsed[0]), String(parsed[1])];
  throw new AutofixError(
    'bad-cursor',
    `the page cursor "${cursor.slice(0, 80)}" is not one the job list gave: start again from the first page`,
  );
}
