/**
 * Migration 5 (issue 24, the dashboard), in a file of its own so that migrations.ts stays readable; like
 * every released step, never edited once released: a change is a new step.
 */
export const DASHBOARD_MIGRATION = {
  version: 5,
  name: "the dashboard: each job's progress events, model tokens and fixers' tries; what its pages read by",
  sql: `
    -- The pipeline's progress events of a job, in the order it said them; seq goes on across the job's
    -- attempts. At most 1,000 a job, each cut to a few KB (job-events.ts): a job never fails for them.
    CREATE TABLE autofix.job_events (
      job_id uuid NOT NULL REFERENCES autofix.jobs(id),
      seq integer NOT NULL,
      at timestamptz NOT NULL,
      type text NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (job_id, seq)
    );
    -- The model tokens a job spent, beside its cost: the dashboard's days sum them per job.
    ALTER TABLE autofix.outcomes ADD COLUMN input_tokens bigint NOT NULL DEFAULT 0,
      ADD COLUMN output_tokens bigint NOT NULL DEFAULT 0;
    -- Each fixer's try in a finished job (the outcome's detail.fixers, one row each, written with it):
    -- stats count them per fixer without reading every outcome's detail (a scan of the whole table).
    -- No key: rows are only ever added with their outcome, and read grouped.
    CREATE TABLE autofix.fixer_tries (
      job_id uuid NOT NULL REFERENCES autofix.jobs(id),
      fixer text,
      kept boolean
    );
    INSERT INTO autofix.fixer_tries (job_id, fixer, kept)
      SELECT o.job_id, f->>'fixer', CASE WHEN jsonb_typeof(f->'kept') = 'boolean' THEN (f->'kept')::boolean END
      FROM autofix.outcomes o, jsonb_array_elements(
        CASE WHEN jsonb_typeof(o.detail->'fixers') = 'array' THEN o.detail->'fixers' ELSE '[]' END) AS f;
    -- The newest-first pages (keyset on created_at, id), in all and per repository; a window of jobs
    -- (created_at >= since) and of their outcomes, read from the indexes alone (stats, the overview).
    CREATE INDEX jobs_created ON autofix.jobs (created_at, id) INCLUDE (repository_id, pr_number, state);
    CREATE INDEX jobs_repository_created ON autofix.jobs (repository_id, created_at, id);
    CREATE INDEX outcomes_figures ON autofix.outcomes (job_id)
      INCLUDE (outcome, cost_usd, duration_ms, input_tokens, output_tokens);
    -- The fix memory's window, and its replays (stats: a few of its records, found without a scan).
    CREATE INDEX fix_memory_at ON autofix.fix_memory (at);
    CREATE INDEX fix_memory_replays ON autofix.fix_memory (at) WHERE strategy LIKE 'replay:%';
    -- How many days the jobs span: without it the planner takes every job for a day of its own, and sorts
    -- where a small hash table does (a grouping by day, stats and the overview).
    CREATE STATISTICS autofix.jobs_day ON ((created_at AT TIME ZONE 'UTC')::date) FROM autofix.jobs;
  `,
};

/**
 * Migration 6: a finding and a fixer's try carry their job's creation time, so that a window of them is
 * a range of one covering index, read without joining every job of the window (at 100,000 jobs that join
 * was 2/3 of those statements' time). A job's creation time never changes once stored.
 */
export const DASHBOARD_WINDOW_MIGRATION = {
  version: 6,
  name: "findings and fixers' tries carry their job's creation time: stats read a window of them by index",
  sql: `
    ALTER TABLE autofix.diagnostics ADD COLUMN job_created_at timestamptz;
    UPDATE autofix.diagnostics d SET job_created_at = j.created_at FROM autofix.jobs j WHERE j.id = d.job_id;
    ALTER TABLE autofix.diagnostics ALTER COLUMN job_created_at SET NOT NULL;
    ALTER TABLE autofix.fixer_tries ADD COLUMN job_created_at timestamptz;
    UPDATE autofix.fixer_tries f SET job_created_at = j.created_at FROM autofix.jobs j WHERE j.id = f.job_id;
    ALTER TABLE autofix.fixer_tries ALTER COLUMN job_created_at SET NOT NULL;
    CREATE INDEX diagnostics_window ON autofix.diagnostics (job_created_at) INCLUDE (category, tool, code, fixed);
    CREATE INDEX fixer_tries_window ON autofix.fixer_tries (job_created_at) INCLUDE (fixer, kept);
  `,
};
