import type { Database } from './database.js';
import { DASHBOARD_MIGRATION, DASHBOARD_WINDOW_MIGRATION } from './migration-dashboard.js';

/**
 * The store's schema, one versioned step at a time. A step is never edited once released: a change is a
 * new step. Each runs in its own transaction under an advisory lock, so replicas starting together apply
 * it once.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'repositories, pull requests, jobs, attempts, outcomes, diagnostics, spending',
    sql: `
      CREATE TABLE autofix.repositories (
        id bigserial PRIMARY KEY,
        full_name text NOT NULL UNIQUE,
        installation_id bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE autofix.pull_requests (
        repository_id bigint NOT NULL REFERENCES autofix.repositories(id),
        number integer NOT NULL,
        head_sha text,
        -- set by /autofix skip: no job runs for this PR until /autofix or /autofix retry
        skipped boolean NOT NULL DEFAULT false,
        closed boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (repository_id, number)
      );
      -- One row per job ever asked for; key is the idempotency key, so a webhook and a poll for the same
      -- failure insert one row. state: waiting (behind another job of its branch) -> queued (handed to the
      -- queue) -> running -> done | failed | cancelled | superseded.
      CREATE TABLE autofix.jobs (
        id uuid PRIMARY KEY,
        key text NOT NULL UNIQUE,
        kind text NOT NULL,
        repository_id bigint NOT NULL REFERENCES autofix.repositories(id),
        pr_number integer,
        head_sha text NOT NULL,
        -- the head repository and branch: at most one job per branch runs at a time
        branch_key text NOT NULL,
        trigger text NOT NULL,
        source text NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('waiting', 'queued', 'running', 'done', 'failed', 'cancelled', 'superseded')),
        reason text,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX jobs_branch_state ON autofix.jobs (branch_key, state, created_at);
      CREATE INDEX jobs_pr ON autofix.jobs (repository_id, pr_number, state);
      CREATE INDEX jobs_state ON autofix.jobs (state, created_at);
      CREATE TABLE autofix.attempts (
        job_id uuid NOT NULL REFERENCES autofix.jobs(id),
        number integer NOT NULL,
        worker text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text,
        PRIMARY KEY (job_id, number)
      );
      -- Written once per job (the primary key makes a second write a no-op): what the job achieved.
      CREATE TABLE autofix.outcomes (
        job_id uuid PRIMARY KEY REFERENCES autofix.jobs(id),
        outcome text NOT NULL,
        reason text,
        published text NOT NULL DEFAULT 'none',
        commits integer NOT NULL DEFAULT 0,
        cost_usd double precision NOT NULL DEFAULT 0,
        duration_ms integer NOT NULL DEFAULT 0,
        detail jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE autofix.diagnostics (
        id bigserial PRIMARY KEY,
        job_id uuid NOT NULL REFERENCES autofix.jobs(id),
        tool text NOT NULL,
        code text,
        category text NOT NULL,
        fixability text NOT NULL,
        fixed boolean NOT NULL,
        fixer text,
        path text,
        message text NOT NULL
      );
      CREATE INDEX diagnostics_job ON autofix.diagnostics (job_id);
      CREATE TABLE autofix.spend (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        key text NOT NULL,
        usd double precision NOT NULL,
        model text NOT NULL,
        requests integer NOT NULL,
        input_tokens integer NOT NULL,
        output_tokens integer NOT NULL
      );
      -- The poller's memory per repository: ETags and what they named, shared by every replica, and when
      -- it was last polled (a replica claims a repository's poll by moving polled_at).
      CREATE TABLE autofix.poll_state (
        repo text PRIMARY KEY,
        pulls_etag text,
        runs_etag text,
        pulls jsonb NOT NULL DEFAULT '[]',
        runs jsonb NOT NULL DEFAULT '[]',
        polled_at timestamptz NOT NULL DEFAULT '-infinity'
      );
      CREATE INDEX spend_at ON autofix.spend (at);
      CREATE INDEX spend_key ON autofix.spend (key);
    `,
  },
  {
    version: 2,
    name: 'worker liveness: heartbeats, the worker running each job, jobs lost with their worker',
    sql: `
      -- One row per live worker process, its heartbeat moved by the process itself every few seconds.
      -- A row silent for the takeover time is deleted by another process, and the jobs it ran are handed
      -- on; a process that finds its own row gone stops those jobs (it was taken for dead).
      CREATE TABLE autofix.workers (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now()
      );
      -- worker_id: the process running the job (no foreign key: a dead worker's row goes first).
      -- lost: how many times the job's worker died while running it.
      ALTER TABLE autofix.jobs ADD COLUMN worker_id uuid, ADD COLUMN lost integer NOT NULL DEFAULT 0;
      CREATE INDEX jobs_running ON autofix.jobs (worker_id) WHERE state = 'running';
    `,
  },
  {
    version: 3,
    name: 'failures no code change fixes: re-runs asked for, flaky tests, passing logs to compare with',
    sql: `
      -- One row per job of a run ci-autofix re-ran instead of fixing. result: NULL while the re-run
      -- goes, then passed or failed (from the run's completion).
      CREATE TABLE autofix.reruns (
        repository_id bigint NOT NULL REFERENCES autofix.repositories(id),
        run_id bigint NOT NULL,
        attempt integer NOT NULL,
        job text NOT NULL,
        head_sha text NOT NULL,
        verdict text NOT NULL,
        reason text NOT NULL,
        tests text[] NOT NULL DEFAULT '{}',
        requested_at timestamptz NOT NULL DEFAULT now(),
        result text,
        finished_at timestamptz,
        PRIMARY KEY (repository_id, run_id, attempt, job)
      );
      CREATE INDEX reruns_requested ON autofix.reruns (requested_at);
      -- A test seen failing and then passing on one commit. commits: the last 20 such commits.
      CREATE TABLE autofix.flaky_tests (
        repository_id bigint NOT NULL REFERENCES autofix.repositories(id),
        test text NOT NULL,
        first_seen timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        failures integer NOT NULL DEFAULT 1,
        commits text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (repository_id, test)
      );
      -- A passing job's log (gzip), the baseline a failing log of the same job is read against.
      CREATE TABLE autofix.baselines (
        repository_id bigint NOT NULL REFERENCES autofix.repositories(id),
        workflow text NOT NULL,
        job text NOT NULL,
        commit_sha text NOT NULL,
        log bytea NOT NULL,
        fetched_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (repository_id, workflow, job, commit_sha)
      );
    `,
  },
  {
    version: 4,
    name: 'the fix memory: each finding of each fix try, by signature and strategy, and what people did with it',
    sql: `
      -- One row per finding per try. result: failed (not validated), kept (committed) or published.
      -- verdict: NULL until people accepted or rejected the fix. had_memory: the signature had rows in the
      -- repository before this one (the memory's hit rate).
      CREATE TABLE autofix.fix_memory (
        id bigserial PRIMARY KEY,
        repository_id bigint NOT NULL REFERENCES autofix.repositories(id),
        pr integer,
        head_sha text NOT NULL,
        signature text NOT NULL,
        tool text NOT NULL,
        code text NOT NULL,
        language text NOT NULL,
        pattern text NOT NULL,
        strategy text NOT NULL,
        path text,
        -- the finding's code before the try, modulo layout (triage/signature.ts codeKey)
        code_key text,
        result text NOT NULL,
        reason text,
        commit_sha text,
        -- a kept model fix's change to the finding: [{old, new}], what a replay applies again
        edits jsonb,
        cost_usd double precision NOT NULL DEFAULT 0,
        input_tokens integer NOT NULL DEFAULT 0,
        output_tokens integer NOT NULL DEFAULT 0,
        ms integer NOT NULL DEFAULT 0,
        had_memory boolean NOT NULL DEFAULT false,
        verdict text,
        verdict_reason text,
        verdict_at timestamptz,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX fix_memory_signature ON autofix.fix_memory (repository_id, signature, strategy, at);
      -- memory.share: organisation in the repository's .ci-autofix.yml (as its last job read it)
      ALTER TABLE autofix.repositories ADD COLUMN memory_shared boolean NOT NULL DEFAULT false;
      CREATE INDEX fix_memory_commit ON autofix.fix_memory (repository_id, commit_sha)
        WHERE commit_sha IS NOT NULL;
    `,
  },
  DASHBOARD_MIGRATION,
  DASHBOARD_WINDOW_MIGRATION,
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

// pg_advisory_xact_lock takes a bigint; any constant shared by every replica will do.
const MIGRATION_LOCK = 7_316_402_211;

/**
 * Runs `fn`, which creates schema outside `migrate` (the queue's own tables, its queues), while no other
 * process migrates or does the same: replicas started together on a fresh database otherwise race in
 * `CREATE SCHEMA IF NOT EXISTS` and one of them dies. Never call `migrate` inside it (a self-deadlock:
 * `migrate` takes the same lock in its transactions, on another connection).
 */
export function withSchemaLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  return db.exclusive(MIGRATION_LOCK, fn);
}

/** Applies the steps not yet applied; returns their versions. */
export async function migrate(db: Database): Promise<number[]> {
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      // First the lock: even CREATE … IF NOT EXISTS races with itself between two replicas.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.exec(`
        CREATE SCHEMA IF NOT EXISTS autofix;
        CREATE TABLE IF NOT EXISTS autofix.migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        );
      `);
      const { rows } = await tx.query('SELECT 1 FROM autofix.migrations WHERE version = $1', [m.version]);
      if (rows.length) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO autofix.migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** The newest applied version, or 0 (for /readyz). */
export async function appliedVersion(db: Database): Promise<number> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('autofix.migrations')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const { rows } = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM autofix.migrations');
  return Number(rows[0]?.v ?? 0);
}
