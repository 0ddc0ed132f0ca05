import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Queryable } from './database.js';
import { jobKey, serialKey, type JobRequest, type JobRow, type JobState } from './job-types.js';
import { upsertRepository } from './pull-requests.js';
import { deliver, redeliver } from './queue-delivery.js';

/**
 * A job's life in `autofix.jobs` and `autofix.attempts`, one statement group per change of state, each
 * run in the caller's transaction. A running job belongs to one attempt: every change a worker makes
 * to it names that attempt, so a worker taken for dead (its job handed on) changes nothing afterwards.
 */

const JOB_COLUMNS = `id, key, kind, pr_number, head_sha, branch_key, trigger, source, payload, state, attempts, lost, created_at`;

/** Inserts the job unless its idempotency key is known; returns the new id, or the known job. */
export async function insertJob(
  tx: Queryable,
  req: JobRequest,
): Promise<{ id: string; created: true } | { id: string; created: false; state: JobState }> {
  const key = jobKey(req);
  const repoId = await upsertRepository(tx, req.repo, req.installationId);
  const id = randomUUID();
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO autofix.jobs (id, key, kind, repository_id, pr_number, head_sha, branch_key, trigger, source, payload, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'waiting')
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [
      id,
      key,
      req.kind,
      repoId,
      req.pr ?? null,
      req.kind === 'fix' ? req.headSha : '',
      serialKey(req),
      req.trigger,
      req.source,
      JSON.stringify(req),
    ],
  );
  if (inserted.rows.length) return { id, created: true };
  const { rows } = await tx.query<{ id: string; state: JobState }>(
    'SELECT id, state FROM autofix.jobs WHERE key = $1',
    [key],
  );
  return { id: rows[0]!.id, created: false, state: rows[0]!.state };
}

/**
 * Drops a PR's jobs not yet started (waiting or queued, never run), but those for `exceptHead`;
 * returns the branches they were on.
 */
export async function dropJobs(
  tx: Queryable,
  drop: { repo: string; pr: number; state: 'cancelled' | 'superseded'; reason: string; exceptHead?: string },
): Promise<string[]> {
  const { rows } = await tx.query<{ branch_key: string }>(
    `UPDATE autofix.jobs j SET state = $3, reason = $4, finished_at = now()
     FROM autofix.repositories r
     WHERE j.repository_id = r.id AND r.full_name = $1 AND j.pr_number = $2
       AND j.state IN ('waiting', 'queued') AND j.attempts = 0
       AND ($5::text IS NULL OR j.head_sha <> $5)
     RETURNING j.branch_key`,
    [drop.repo, drop.pr, drop.state, drop.reason, drop.exceptHead ?? null],
  );
  return rows.map((r) => r.branch_key);
}

/**
 * Hands the branch's oldest waiting job to pg-boss unless one of its jobs is queued or running. The
 * advisory lock serialises this per branch across processes; pg-boss's insert joins our transaction,
 * so a job is either both recorded as queued and deliverable, or neither.
 */
export async function dispatchBranch(
  tx: Queryable,
  boss: PgBoss,
  branchKey: string,
): Promise<string | undefined> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [branchKey]);
  // After the lock, in a statement of its own: READ COMMITTED takes this statement's snapshot now, so
  // it sees what the lock's previous holder committed.
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE autofix.jobs SET state = 'queued', queued_at = now()
     WHERE id = (SELECT id FROM autofix.jobs WHERE branch_key = $1 AND state = 'waiting'
                 ORDER BY created_at, id LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM autofix.jobs WHERE branch_key = $1 AND state IN ('queued', 'running'))
     RETURNING id`,
    [branchKey],
  );
  const next = rows[0];
  if (!next) return undefined;
  await deliver(boss, tx, next.id);
  return next.id;
}

/** Takes a queued job for the worker; undefined when it is no longer queued (dropped, taken, done). */
export async function claimJob(
  tx: Queryable,
  id: string,
  worker: { id: string; name: string },
): Promise<JobRow | undefined> {
  const { rows } = await tx.query<JobRow>(
    `UPDATE autofix.jobs SET state = 'running', attempts = attempts + 1, reason = NULL, worker_id = $2,
       started_at = coalesce(started_at, now())
     WHERE id = $1 AND state = 'queued' RETURNING ${JOB_COLUMNS}`,
    [id, worker.id],
  );
  const row = rows[0];
  if (row)
    await tx.query('INSERT INTO autofix.attempts (job_id, number, worker) VALUES ($1, $2, $3)', [
      id,
      row.attempts,
      worker.name,
    ]);
  return row;
}

/**
 * Ends this attempt: the job leaves `running` for `state` and the attempt is closed with `error`.
 * False when the job is no longer this attempt's (handed on meanwhile): then nothing changes.
 */
export async function endAttempt(
  tx: Queryable,
  job: Pick<JobRow, 'id' | 'attempts'>,
  state: 'queued' | 'done' | 'failed',
  reason: string | null,
  error: string | null,
): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE autofix.jobs SET state = $3, reason = $4, worker_id = NULL,
       finished_at = CASE WHEN $3 IN ('done', 'failed') THEN now() END
     WHERE id = $1 AND attempts = $2 AND state = 'running' RETURNING id`,
    [job.id, job.attempts, state, reason],
  );
  if (!rows.length) return false;
  await closeAttempt(tx, job, error);
  return true;
}

async function closeAttempt(tx: Queryable, job: Pick<JobRow, 'id' | 'attempts'>, error: string | null) {
  await tx.query(
    `UPDATE autofix.attempts SET finished_at = coalesce(finished_at, now()), error = coalesce(error, $3)
     WHERE job_id = $1 AND number = $2`,
    [job.id, job.attempts, error],
  );
}

/**
 * Queues the job again now, for any worker: its own died (`lost`, which counts against the give-up
 * limit), nothing was left to deliver it, or this process stops.
 */
export async function handBackJob(
  tx: Queryable,
  boss: PgBoss,
  job: Pick<JobRow, 'id' | 'attempts'>,
  o: { lost: boolean; error: string },
): Promise<void> {
  const { rows } = await tx.query(
    `UPDATE autofix.jobs SET state = 'queued', queued_at = now(), worker_id = NULL, reason = $3,
       lost = lost + $4
     WHERE id = $1 AND attempts = $2 AND state IN ('running', 'queued') RETURNING id`,
    [job.id, job.attempts, o.error, o.lost ? 1 : 0],
  );
  if (!rows.length) return;
  if (job.attempts > 0) await closeAttempt(tx, job, o.error);
  await redeliver(boss, tx, job.id);
}

/** What /metrics shows of the queue. */
export interface QueueDepth {
  states: Record<JobState, number>;
  /** How long the oldest queued job has waited. */
  oldestQueuedSeconds: number;
  /** Worker processes registered (alive, or silent for less than the takeover time). */
  workers: number;
  /** How many times a job was taken over from a worker that died, in all. */
  takenOver: number;
}

/** Jobs by state, the oldest queued one's wait, the workers and the takeovers (for /metrics). */
export async function countJobs(q: Queryable): Promise<QueueDepth> {
  const states = {
    waiting: 0,
    queued: 0,
    running: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    superseded: 0,
  } satisfies Record<JobState, number>;
  const { rows } = await q.query<{ state: JobState; n: string }>(
    'SELECT state, count(*) AS n FROM autofix.jobs GROUP BY state',
  );
  for (const r of rows) states[r.state] = Number(r.n);
  const more = await q.query<{ age: number | string | null; workers: string; lost: string | null }>(
    `SELECT (SELECT extract(epoch FROM now() - min(queued_at)) FROM autofix.jobs WHERE state = 'queued') AS age,
            (SELECT count(*) FROM autofix.workers) AS workers,
            (SELECT sum(lost) FROM autofix.jobs) AS lost`,
  );
  const m = more.rows[0];
  return {
    states,
    oldestQueuedSeconds: Number(m?.age ?? 0),
    workers: Number(m?.workers ?? 0),
    takenOver: Number(m?.lost ?? 0),
  };
}
