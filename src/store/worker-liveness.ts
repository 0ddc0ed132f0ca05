import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from './database.js';
import { BOSS_SCHEMA, QUEUE } from './queue-delivery.js';

/**
 * A worker process proves it is alive by moving its heartbeat in the store every `heartbeatMs`; another
 * process takes it for dead once it has been silent for the takeover time, however long its jobs may
 * legitimately run (model fixes, slow checks). When a process finds its own row gone (it was silent too
 * long: a long pause, a lost connection) its jobs are already someone else's: `onLost` stops them, and
 * it registers again for new work.
 */
export class WorkerLiveness {
  readonly id = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    readonly name: string,
    private readonly heartbeatMs: number,
    private readonly onLost: () => void,
  ) {}

  async start(): Promise<void> {
    if (this.db.kind === 'pglite')
      // PGlite serves one process (the folder's lock file): any other worker recorded there has died.
      await this.db.query('DELETE FROM autofix.workers WHERE id <> $1', [this.id]);
    await this.register();
    this.timer = setInterval(() => {
      // A failed beat (the database briefly away) is retried by the next one.
      this.beating = this.beat().catch(() => undefined);
    }, this.heartbeatMs);
    this.timer.unref();
  }

  private async register(): Promise<void> {
    await this.db.query(
      `INSERT INTO autofix.workers (id, name) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
      [this.id, this.name],
    );
  }

  async beat(): Promise<void> {
    const { rows } = await this.db.query(
      'UPDATE autofix.workers SET heartbeat_at = now() WHERE id = $1 RETURNING id',
      [this.id],
    );
    if (rows.length) return;
    this.onLost();
    await this.register();
  }

  /** Stops beating and leaves the register (after this process's jobs were handed back or finished). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    await this.db.query('DELETE FROM autofix.workers WHERE id = $1', [this.id]);
  }
}

/** A job to hand on to another worker. */
export interface OrphanJob {
  id: string;
  attempts: number;
  state: 'queued' | 'running';
  /** The worker process that ran its last attempt, by name. */
  worker: string | null;
}

/**
 * Forgets the workers silent for `takeoverSeconds` and returns, locked for this transaction, the jobs
 * that no live worker holds: running on a worker that is gone, or queued while pg-boss has no entry
 * waiting for them, nor one delivered to a worker that is still about to claim it.
 */
export async function orphanJobs(tx: Queryable, takeoverSeconds: number): Promise<OrphanJob[]> {
  // The database's clock judges every heartbeat: replicas' clocks may disagree.
  await tx.query(`DELETE FROM autofix.workers WHERE heartbeat_at < now() - make_interval(secs => $1)`, [
    takeoverSeconds,
  ]);
  const { rows } = await tx.query<OrphanJob>(
    `SELECT j.id, j.attempts, j.state, a.worker
     FROM autofix.jobs j
     LEFT JOIN autofix.attempts a ON a.job_id = j.id AND a.number = j.attempts
     WHERE (j.state = 'running' AND NOT EXISTS (SELECT 1 FROM autofix.workers w WHERE w.id = j.worker_id))
        OR (j.state = 'queued' AND NOT EXISTS (
              SELECT 1 FROM ${BOSS_SCHEMA}.job q
              WHERE q.name = $2 AND q.id = j.id
                AND (q.state IN ('created', 'retry')
                     -- delivered, but never claimed: the worker died in between
                     OR (q.state = 'active' AND q.started_on > now() - make_interval(secs => $1)))))
     FOR UPDATE OF j SKIP LOCKED`,
    [takeoverSeconds, QUEUE],
  );
  return rows;
}

/** Why an orphan's attempt ended, for `attempts.error` and the job's reason. */
export function orphanError(job: OrphanJob): string {
  return job.state === 'running'
    ? `its worker ${job.worker ?? '(unknown)'} stopped answering (no heartbeat): handed to another`
    : 'nothing was left to deliver it: queued again';
}
