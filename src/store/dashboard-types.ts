import type { DayRow } from './job-figures.js';
import type { Stats } from './stats.js';

/**
 * What the dashboard shows, as plain data: the store's queries produce it (`store/dashboard-*.ts`), the
 * pages (`src/dashboard/`) and `stats --html` render it. Times are ISO strings, money in USD.
 */

/** One day (UTC) of the overview's time series: defined beside the pass that counts it (job-figures.ts). */
export type { DayRow };

/** A keyset page: `next` is the cursor of the following page, null on the last. */
export interface Page<T> {
  rows: T[];
  next: string | null;
}

/** A job as the lists show it. */
export interface JobListRow {
  id: string;
  repository: string;
  pr: number | null;
  /** The pull request's title as its author wrote it, when the job got as far as reading the PR. */
  title: string | null;
  head_sha: string;
  kind: string;
  trigger: string;
  /** The queue's state: waiting, queued, running, done, failed, cancelled, superseded. */
  state: string;
  /** What it achieved once finished: fixed, partial, not-fixable, skipped, failed, … */
  outcome: string | null;
  reason: string | null;
  /** push, suggestions, branch, compare, none. */
  published: string | null;
  commits: number;
  cost_usd: number;
  duration_ms: number | null;
  created_at: string;
  finished_at: string | null;
}

/** One job's page: the row, its findings, its progress events in order, and its attempts. */
export interface JobDetail {
  job: JobListRow;
  /** The outcome's detail as stored (pull request, failed jobs, fixers, branch, notes). */
  detail: unknown;
  findings: Array<{
    tool: string;
    code: string | null;
    category: string;
    fixability: string;
    fixed: boolean;
    fixer: string | null;
    path: string | null;
    message: string;
  }>;
  /** How many findings the job had: `findings` lists the first 500 (MAX_FINDINGS) in the order stored. */
  findings_total: number;
  /** The pipeline's progress events (their `type` and fields), with when each was said. */
  events: Array<{ at: string; type: string; [field: string]: unknown }>;
  attempts: Array<{
    number: number;
    worker: string;
    started_at: string;
    finished_at: string | null;
    error: string | null;
  }>;
}

/** The overview page, and `stats --html`: `stats` itself (the same figures), plus the days. */
export interface DashboardOverview {
  stats: Stats;
  days: DayRow[];
  latest: Page<JobListRow>;
}
