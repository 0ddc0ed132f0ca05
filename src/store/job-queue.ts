import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import { isAutofixError } from '../domain/index.js';
import type { Database } from './database.js';
import { recordOutcome } from './job-outcome.js';
import {
  claimJob,
  countJobs,
  dispatchBranch,
  dropJobs,
  endAttempt,
  handBackJob,
  insertJob,
  type QueueDepth,
} from './job-records.js';
import {
  QUEUE_DEFAULTS,
  serialKey,
  type JobHandler,
  type JobRequest,
  type JobResult,
  type JobRow,
  type JobState,
  type JobStop,
  type QueueOptions,
} from './job-types.js';
import { openDelivery, QUEUE } from './queue-delivery.js';
import { orphanError, orphanJobs, WorkerLiveness } from './worker-liveness.js';

export * from './job-types.js';

/** How long a stopped handler is given to finish its last writes (the status comment) before it is left. */
const SETTLE_MS = 5000;

/**
 * The service's job queue: our `jobs` table is each job's identity and history (the idempotency key, its
 * state, attempts, outcome); pg-boss delivers them to workers (claims with SKIP LOCKED, retries with
 * backoff). At most one job per head branch is handed to pg-boss at a time; the next waits in `jobs`
 * until that one ends (pg-boss 10's own per-key `singleton` policy blocks the whole queue behind a busy
 * key, seen in a test: other PRs' jobs waited). Liveness is ours (worker-liveness.ts): a running job
 * belongs to a worker process with a heartbeat, and a dead worker's jobs are handed on within the
 * takeover time, while a live worker may run one for as long as the job timeout.
 */
export class JobQueue {
  private readonly workers: string[] = [];
  private readonly running = new Map<string, { abort: AbortController; settled: Promise<void> }>();
  private liveness: WorkerLiveness | undefined;
  private recovering: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(
    readonly db: Database,
    private readonly boss: PgBoss,
    private readonly options: Required<QueueOptions>,
  ) {}

  /** Starts pg-boss on `db` (creating or upgrading its schema); `migrate(db)` must have run. */
  static async open(db: Database, options: QueueOptions = {}): Promise<JobQueue> {
    const o: Required<QueueOptions> = {
      ...QUEUE_DEFAULTS,
      workerName: `${hostname()}:${process.pid}`,
      ...options,
    };
    const boss = await openDelivery(db, {
      retryLimit: o.retryLimit,
      retryDelaySeconds: o.retryDelaySeconds,
      // A backstop only: the worker stops a job at its timeout, and liveness hands on a dead worker's.
      expireSeconds: o.jobTimeoutSeconds + 10 * 60,
      maintenanceIntervalSeconds: o.maintenanceIntervalSeconds,
    });
    return new JobQueue(db, boss, o);
  }

  /**
   * Records the job unless one with the same key exists (a webhook and a poll for the same failure, a
   * redelivered webhook), and hands it to the workers unless its branch is busy.
   */
  async enqueue(req: JobRequest): Promise<{ id: string; created: boolean; state: JobState }> {
    return this.db.transaction(async (tx) => {
      const job = await insertJob(tx, req);
      if (!job.created) return job;
      const dispatched = await dispatchBranch(tx, this.boss, serialKey(req));
      return { id: job.id, created: true, state: dispatched === job.id ? 'queued' : 'waiting' };
    });
  }

  /** A new head was pushed: jobs not yet started for an older head of the PR are dropped. */
  async supersede(repo: string, pr: number, headSha: string): Promise<number> {
    const reason = `a newer commit (${headSha.slice(0, 7)}) was pushed`;
    return this.drop({ repo, pr, state: 'superseded', reason, exceptHead: headSha });
  }

  /**
   * The PR was closed (or `/autofix skip`): jobs not yet started are dropped. A job started before (its
   * worker died, or it waits for a retry) runs to its end instead: it finds the PR closed or moved and
   * leaves its status comment in a final state, which nobody else would.
   */
  async cancel(repo: string, pr: number, reason: string): Promise<number> {
    return this.drop({ repo, pr, state: 'cancelled', reason });
  }

  private async drop(d: Parameters<typeof dropJobs>[1]): Promise<number> {
    return this.db.transaction(async (tx) => {
      const branches = await dropJobs(tx, d);
      // A queued job's pg-boss entry stays; its worker finds the job dropped and does nothing.
      for (const b of new Set(branches)) await dispatchBranch(tx, this.boss, b);
      return branches.length;
    });
  }

  /**
   * Starts `concurrency` workers in this process, its heartbeat, and the search for jobs whose worker
   * died (in every working process: whichever looks first hands them on).
   */
  async work(handler: JobHandler, concurrency: number): Promise<void> {
    const o = this.options;
    if (!this.liveness) {
      this.liveness = new WorkerLiveness(this.db, o.workerName, (o.takeoverSeconds * 1000) / 6, () => {
        for (const r of this.running.values()) r.abort.abort('lost' satisfies JobStop);
      });
      await this.liveness.start();
      await this.recover();
      this.recovering = setInterval(
        () => void this.recover().catch(() => undefined),
        (o.takeoverSeconds * 1000) / 4,
      );
      this.recovering.unref();
    }
    for (let i = 0; i < concurrency; i++) {
      let self = '';
      self = await this.boss.work<{ id: string }>(
        QUEUE,
        { batchSize: 1, pollingIntervalSeconds: o.pollingIntervalSeconds },
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
    const worker = this.liveness!;
    const claimed = await this.db.transaction((tx) => claimJob(tx, id, worker));
    if (!claimed) return;
    const o = this.options;
    if (claimed.lost >= o.lostLimit)
      claimed.giveUp = `its worker stopped ${claimed.lost} times while running it (a crash, a kill or a lost node): given up, so that it cannot take more workers with it`;
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort('timeout' satisfies JobStop), o.jobTimeoutSeconds * 1000);
    let settle = () => {};
    this.running.set(id, { abort, settled: new Promise<void>((r) => (settle = r)) });
    const started = Date.now();
    try {
      const result = await settleOrStop(handler(claimed, abort.signal), abort.signal);
      // A job given up ends failed, unless the handler found its earlier try's fix already in place.
      if (claimed.giveUp && result.outcome !== 'fixed')
        await this.finish(claimed, 'failed', { ...result, outcome: 'failed', reason: claimed.giveUp }, 0);
      else await this.finish(claimed, 'done', result, Date.now() - started);
    } catch (err) {
      // Thrown again for pg-boss to schedule the retry, with backoff.
      if (await this.afterError(claimed, err, abort.signal, Date.now() - started)) throw err;
    } finally {
      clearTimeout(timeout);
      this.running.delete(id);
      settle();
    }
  }

  /** A run that threw or was stopped: handed back, failed, or (true) queued for pg-boss's retry. */
  private async afterError(job: JobRow, err: unknown, signal: AbortSignal, ms: number): Promise<boolean> {
    const message = errorMessage(err);
    const stop = signal.aborted ? (signal.reason as JobStop) : undefined;
    // Taken for dead meanwhile: the job is already another worker's.
    if (stop === 'lost') return false;
    if (stop === 'released') {
      // Stopped at shutdown after the grace period: queued again at once, for another worker.
      const error = 'released at shutdown';
      await this.db.transaction((tx) => handBackJob(tx, this.boss, job, { lost: false, error }));
      return false;
    }
    if (stop === 'timeout') {
      const reason = `ran longer than the job timeout (${this.options.jobTimeoutSeconds} s): stopped`;
      await this.finish(job, 'failed', { outcome: 'failed', reason }, ms);
      return false;
    }
    const retryable = isAutofixError(err) && err.audience === 'external' && !this.stopped;
    if (retryable && job.attempts <= this.options.retryLimit) {
      await this.db.transaction((tx) => endAttempt(tx, job, 'queued', `will retry: ${message}`, message));
      return true;
    }
    await this.finish(job, 'failed', { outcome: 'failed', reason: message }, ms);
    return false;
  }

  private async finish(job: JobRow, state: 'done' | 'failed', r: JobResult, ms: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const error = state === 'failed' ? (r.reason ?? 'failed') : null;
      // A job handed on meanwhile is the new attempt's to finish.
      if (!(await endAttempt(tx, job, state, r.reason ?? null, error))) return;
      await recordOutcome(tx, job.id, r, ms);
      await dispatchBranch(tx, this.boss, job.branch_key);
    });
  }

  /**
   * Hands on the jobs no live worker holds: running on a worker silent for the takeover time, or queued
   * with nothing left to deliver them. Runs in every working process, a few times per takeover time.
   * Returns how many it handed on.
   */
  async recover(): Promise<number> {
    const handed = await this.db.transaction(async (tx) => {
      const orphans = await orphanJobs(tx, this.options.takeoverSeconds);
      for (const job of orphans)
        await handBackJob(tx, this.boss, job, { lost: true, error: orphanError(job) });
      return orphans.length;
    });
    // This process's idle workers take them at once rather than at their next poll.
    if (handed) this.notify();
    return handed;
  }

  /** Jobs by state, the oldest queued one's wait, the workers and the takeovers (for /metrics). */
  depth(): Promise<QueueDepth> {
    return countJobs(this.db);
  }

  /** How many jobs this process is running now. */
  get busy(): number {
    return this.running.size;
  }

  /**
   * Stops taking work and waits up to `graceMs` for running jobs; those still running are told to stop
   * and queued again at once for another worker.
   */
  async stop(graceMs = 25_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.recovering);
    const stopAll = () => {
      for (const r of this.running.values()) r.abort.abort('released' satisfies JobStop);
    };
    if (graceMs <= 0) stopAll();
    await this.boss.stop({
      graceful: graceMs > 0,
      wait: true,
      timeout: Math.max(graceMs, 1000),
      close: false,
    });
    const settled = [...this.running.values()].map((r) => r.settled);
    stopAll();
    await Promise.all(settled);
    await this.liveness?.stop().catch(() => undefined);
  }
}

/**
 * The handler's result, or its error; once `signal` stops it, whichever comes first of the two and a
 * few seconds (a handler that ignores its signal is left behind, not waited for).
 */
async function settleOrStop<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const stopped = new Promise<never>((_resolve, reject) => {
    const later = () => setTimeout(() => reject(new Error(`stopped (${String(signal.reason)})`)), SETTLE_MS);
    if (signal.aborted) later();
    else signal.addEventListener('abort', later, { once: true });
  });
  stopped.catch(() => undefined);
  return Promise.race([work, stopped]);
}

function errorMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 2000);
}
