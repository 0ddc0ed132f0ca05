import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { isAutofixError } from '../domain/index.js';
import type { Database, Queryable } from './database.js';
import { recordOutcome } from './job-outcome.js';
import { upsertRepository } from './pull-requests.js';
import {
  jobKey,
  serialKey,
  type JobRequest,
  type JobResult,
  type JobRow,
  type JobState,
} from './job-types.js';

export * from './job-types.js';

/** pg-boss's own tables live in their own schema; ours are in `autofix`. */
const BOSS_SCHEMA = 'autofix_queue';
const QUEUE = 'autofix-pr-job';

export interface QueueOptions {
  /** External errors (GitHub down, rate limits) are retried this many times, with exponential backoff. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /**
   * A claimed job not finished by then is taken to be lost (its worker died) and is handed to another
   * worker: longer than the slowest job (check runs and model calls are capped well below it).
   */
  expireSeconds?: number;
  /** How often an idle worker asks for work (a webhook's job also wakes the workers of this process). */
  pollingIntervalSeconds?: number;
  /** How often expired work is looked for (pg-boss maintenance). */
  maintenanceIntervalSeconds?: number;
  /** Names this process in `attempts.worker`. */
  workerName?: string;
}

export type JobHandler = (job: JobRow, signal: AbortSignal) => Promise<JobResult>;

/**
 * The service's job queue: our `jobs` table is each job's identity and history (the idempotency key, its
 * state, attempts, outcome); pg-boss delivers them to workers (claims with SKIP LOCKED, expiry of work
 * whose worker died, retries with backoff). At most one job per head branch is handed to pg-boss at a
 * time; the next waits in `jobs` until that one ends (pg-boss 10's own per-key `singleton` policy blocks
 * the whole queue behind a busy key, seen in a test: other PRs' jobs waited).
 */
export class JobQueue {
  private readonly workers: string[] = [];
  private readonly running = new Map<string, { abort: AbortController; settled: Promise<void> }>();
  private stopped = false;

  private constructor(
    readonly db: Database,
    private readonly boss: PgBoss,
    private readonly options: Required<QueueOptions>,
  ) {}

  /** Starts pg-boss on `db` (creating or upgrading its schema); `migrate(db)` must have run. */
  static async open(db: Database, options: QueueOptions = {}): Promise<JobQueue> {
    const boss = new PgBoss({
      db: bossDb(db),
      schema: BOSS_SCHEMA,
      // Maintenance (expiring lost work, archiving) runs in every process; pg-boss serialises it in SQL.
      supervise: true,
      schedule: false,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    });
    // pg-boss reports a failed poll or maintenance run as an event; the next poll retries it.
    boss.on('error', () => undefined);
    await boss.start();
    const o: Required<QueueOptions> = {
      retryLimit: options.retryLimit ?? 3,
      retryDelaySeconds: options.retryDelaySeconds ?? 30,
      expireSeconds: options.expireSeconds ?? 45 * 60,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
      workerName: options.workerName ?? `${hostname()}:${process.pid}`,
    };
    const settings = {
      policy: 'standard' as const,
      retryLimit: o.retryLimit,
      retryDelay: o.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: o.expireSeconds,
    };
    // createQueue keeps an existing queue's settings: the update applies this configuration to jobs
    // queued from now on (a job keeps the settings it was queued with).
    await boss.createQueue(QUEUE, { name: QUEUE, ...settings });
    await boss.updateQueue(QUEUE, { name: QUEUE, ...settings });
    return new JobQueue(db, boss, o);
  }

  /**
   * Records the job unless one with the same key exists (a webhook and a poll for the same failure, a
   * redelivered webhook), and hands it to the workers unless its branch is busy.
   */
  async enqueue(req: JobRequest): Promise<{ id: string; created: boolean; state: JobState }> {
    const key = jobKey(req);
    return this.db.transaction(async (tx) => {
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
      if (!inserted.rows.length) {
        const { rows } = await tx.query<{ id: string; state: JobState }>(
          'SELECT id, state FROM autofix.jobs WHERE key = $1',
          [key],
        );
        return { id: rows[0]!.id, created: false, state: rows[0]!.state };
      }
      const dispatched = await this.dispatch(tx, serialKey(req));
      return { id, created: true, state: dispatched === id ? 'queued' : 'waiting' };
    });
  }

  /** A new head was pushed: jobs not yet started for an older head of the PR are dropped. */
  async supersede(repo: string, pr: number, headSha: string): Promise<number> {
    return this.drop(
      repo,
      pr,
      'superseded',
      `a newer commit (${headSha.slice(0, 7)}) was pushed`,
      'AND j.head_sha <> $4',
      [headSha],
    );
  }

  /** The PR was closed (or `/autofix skip`): jobs not yet started are dropped. */
  async cancel(repo: string, pr: number, reason: string): Promise<number> {
    return this.drop(repo, pr, 'cancelled', reason, '', []);
  }

  private async drop(
    repo: string,
    pr: number,
    state: 'cancelled' | 'superseded',
    reason: string,
    where: string,
    extra: unknown[],
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ branch_key: string }>(
        `UPDATE autofix.jobs j SET state = '${state}', reason = $3, finished_at = now()
         FROM autofix.repositories r
         WHERE j.repository_id = r.id AND r.full_name = $1 AND j.pr_number = $2
           AND j.state IN ('waiting', 'queued') ${where}
         RETURNING j.branch_key`,
        [repo, pr, reason, ...extra],
      );
      // A queued job's pg-boss entry stays; its worker finds the job dropped and does nothing.
      for (const b of new Set(rows.map((r) => r.branch_key))) await this.dispatch(tx, b);
      return rows.length;
    });
  }

  /**
   * Hands the branch's oldest waiting job to pg-boss unless one of its jobs is queued or running. The
   * advisory lock serialises this per branch across processes; pg-boss's insert joins our transaction,
   * so a job is either both recorded as queued and deliverable, or neither.
   */
  private async dispatch(tx: Queryable, branchKey: string): Promise<string | undefined> {
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
    // The same id in pg-boss: a resend is a no-op (its insert is ON CONFLICT DO NOTHING).
    await this.boss.send(QUEUE, { id: next.id }, { id: next.id, db: bossDb(tx) });
    return next.id;
  }

  /** Starts `concurrency` workers in this process. */
  async work(handler: JobHandler, concurrency: number): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      let self = '';
      self = await this.boss.work<{ id: string }>(
        QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds },
        async ([job]) => {
          if (!job) return;
          try {
            await this.runOne(job.id, handler);
          } finally {
            // pg-boss waits out the polling interval even after a job; a busy worker asks again at once.
            if (!this.stopped) this.boss.notifyWorker(self);
          }
        },
      );
      this.workers.push(self);
    }
  }

  /** Wakes this process's idle workers (a webhook just queued a job). */
  notify(): void {
    for (const w of this.workers) this.boss.notifyWorker(w);
  }

  private async runOne(id: string, handler: JobHandler): Promise<void> {
    const claimed = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<JobRow>(
        `UPDATE autofix.jobs SET state = 'running', attempts = attempts + 1, reason = NULL,
           started_at = coalesce(started_at, now())
         WHERE id = $1 AND state IN ('queued', 'running') RETURNING ${JOB_COLUMNS}`,
        [id],
      );
      const row = rows[0];
      if (row)
        await tx.query('INSERT INTO autofix.attempts (job_id, number, worker) VALUES ($1, $2, $3)', [
          id,
          row.attempts,
          this.options.workerName,
        ]);
      return row;
    });
    // Cancelled, superseded or finished meanwhile: nothing to do.
    if (!claimed) return;
    const abort = new AbortController();
    let settle = () => {};
    this.running.set(id, { abort, settled: new Promise<void>((r) => (settle = r)) });
    const started = Date.now();
    try {
      const result = await handler(claimed, abort.signal);
      await this.finish(claimed, 'done', result, Date.now() - started);
    } catch (err) {
      const message = errorMessage(err);
      if (abort.signal.aborted) {
        // Stopped at shutdown after the grace period: pg-boss has handed the job back for a retry, so it
        // is queued again, not failed.
        await this.requeue(claimed, 'released at shutdown', 'released at shutdown');
        throw err;
      }
      const retryable = isAutofixError(err) && err.audience === 'external' && !this.stopped;
      if (retryable && claimed.attempts <= this.options.retryLimit) {
        // pg-boss schedules the retry with backoff.
        await this.requeue(claimed, message, `will retry: ${message}`);
        throw err;
      }
      await this.finish(claimed, 'failed', { outcome: 'failed', reason: message }, Date.now() - started);
    } finally {
      this.running.delete(id);
      settle();
    }
  }

  /** The attempt ended with `error`, and the job waits for pg-boss to deliver it again. */
  private async requeue(job: JobRow, error: string, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE autofix.attempts SET finished_at = now(), error = $3 WHERE job_id = $1 AND number = $2`,
        [job.id, job.attempts, error],
      );
      await tx.query(
        `UPDATE autofix.jobs SET state = 'queued', reason = $2 WHERE id = $1 AND state = 'running'`,
        [job.id, reason],
      );
    });
  }

  private async finish(job: JobRow, state: 'done' | 'failed', r: JobResult, ms: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE autofix.jobs SET state = $2, reason = $3, finished_at = now() WHERE id = $1 AND state = 'running'`,
        [job.id, state, r.reason ?? null],
      );
      await tx.query(
        `UPDATE autofix.attempts SET finished_at = now(), error = $3 WHERE job_id = $1 AND number = $2`,
        [job.id, job.attempts, state === 'failed' ? (r.reason ?? 'failed') : null],
      );
      await recordOutcome(tx, job.id, r, ms);
      await this.dispatch(tx, job.branch_key);
    });
  }

  /**
   * Jobs that pg-boss no longer delivers (their worker died on the last retry, or pg-boss gave up) but
   * that our table still shows as queued or running are failed, and their branch moves on. Runs at start
   * and with every maintenance round.
   */
  async reconcile(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; branch_key: string }>(
        `SELECT j.id, j.branch_key FROM autofix.jobs j
         WHERE j.state IN ('queued', 'running')
           AND NOT EXISTS (SELECT 1 FROM ${BOSS_SCHEMA}.job q
                           WHERE q.name = $1 AND q.id = j.id AND q.state IN ('created', 'retry', 'active'))
         FOR UPDATE OF j SKIP LOCKED`,
        [QUEUE],
      );
      for (const r of rows) {
        const reason = 'the queue gave up on it: its worker stopped on the last retry or it ran too long';
        await tx.query(
          `UPDATE autofix.jobs SET state = 'failed', reason = $2, finished_at = now() WHERE id = $1`,
          [r.id, reason],
        );
        await recordOutcome(tx, r.id, { outcome: 'failed', reason });
      }
      for (const b of new Set(rows.map((r) => r.branch_key))) await this.dispatch(tx, b);
      return rows.length;
    });
  }

  /** Jobs by state, and how long the oldest queued one has waited (for /metrics). */
  async depth(): Promise<{ states: Record<JobState, number>; oldestQueuedSeconds: number }> {
    const states = {
      waiting: 0,
      queued: 0,
      running: 0,
      done: 0,
      failed: 0,
      cancelled: 0,
      superseded: 0,
    } satisfies Record<JobState, number>;
    const { rows } = await this.db.query<{ state: JobState; n: string }>(
      'SELECT state, count(*) AS n FROM autofix.jobs GROUP BY state',
    );
    for (const r of rows) states[r.state] = Number(r.n);
    const oldest = await this.db.query<{ age: number | string | null }>(
      `SELECT extract(epoch FROM now() - min(queued_at)) AS age FROM autofix.jobs WHERE state = 'queued'`,
    );
    return { states, oldestQueuedSeconds: Number(oldest.rows[0]?.age ?? 0) };
  }

  /** How many jobs this process is running now. */
  get busy(): number {
    return this.running.size;
  }

  /**
   * Stops taking work and waits up to `graceMs` for running jobs; those still running are released to
   * pg-boss (failed, hence retried by another worker) and told to stop.
   */
  async stop(graceMs = 25_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const stopAll = () => {
      for (const r of this.running.values()) r.abort.abort();
    };
    if (graceMs <= 0) stopAll();
    await this.boss.stop({
      graceful: graceMs > 0,
      wait: true,
      timeout: Math.max(graceMs, 1000),
      close: false,
    });
    // pg-boss has handed what still runs back for a retry; tell it to stop, and give it a moment to
    // record that (a handler that ignores its signal is left behind).
    const settled = [...this.running.values()].map((r) => r.settled);
    stopAll();
    await Promise.race([Promise.all(settled), new Promise((r) => setTimeout(r, 5000).unref())]);
  }
}

const JOB_COLUMNS = `id, key, kind, pr_number, head_sha, branch_key, trigger, source, payload, state, attempts, created_at`;

/** pg-boss's database interface over ours: parameterless text may hold several statements. */
function bossDb(q: Queryable): {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
} {
  return {
    async executeSql(text, values) {
      if (values?.length) return q.query(text, values);
      if (/;\s*\S/.test(text)) {
        await q.exec(text);
        return { rows: [] };
      }
      return q.query(text);
    },
  };
}

function errorMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 2000);
}
