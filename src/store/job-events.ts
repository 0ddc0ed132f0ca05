import type { ProgressEvent } from '../domain/index.js';
import type { Queryable } from './database.js';
import { boundedData } from './event-data.js';

/** How much of a job's progress the store keeps, and how it writes it. */
export interface EventLimits {
  /** Events per job, all its attempts together; the last one says how many more were not kept. */
  perJob: number;
  /** An event's fields as JSON; longer ones are cut (event-data.ts). */
  dataBytes: number;
  /** Events written in one statement: a full batch is written at once… */
  batch: number;
  /** …and a partial one this long after its first event, so that a running job's page moves. */
  flushMs: number;
}

export const EVENT_LIMITS: EventLimits = { perJob: 1000, dataBytes: 4096, batch: 50, flushMs: 1000 };

/** One job's recorder: `emit` never waits and never throws; `close` writes what is left. */
export interface JobEventRecorder {
  emit(e: ProgressEvent): void;
  /** Resolves once everything emitted is written or given up (a store error is only warned about). */
  close(): Promise<void>;
}

/** Where the service's workers record each job's events (WorkerDeps.events). */
export interface JobEventLog {
  /** `warn` hears, once per job, that the store refused events: the job goes on regardless. */
  open(jobId: string, warn: (message: string) => void): JobEventRecorder;
}

interface Row {
  at: string;
  type: string;
  data: Record<string, unknown>;
}

/** `autofix.job_events`, written in batches off the job's path. */
export class StoreJobEvents implements JobEventLog {
  constructor(
    private readonly db: Queryable,
    private readonly limits: EventLimits = EVENT_LIMITS,
  ) {}

  open(jobId: string, warn: (message: string) => void): JobEventRecorder {
    return new BufferedRecorder(this.db, jobId, warn, this.limits);
  }
}

class BufferedRecorder implements JobEventRecorder {
  private buffer: Row[] = [];
  private kept = 0;
  /** The event that takes the last place, unless more follow it: then a note takes it. */
  private held: Row | undefined;
  private dropped = 0;
  private written: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private warned = false;

  constructor(
    private readonly db: Queryable,
    private readonly jobId: string,
    private readonly warn: (message: string) => void,
    private readonly limits: EventLimits,
  ) {}

  emit(e: ProgressEvent): void {
    // A job left running past its close (stopped, then late) adds nothing more.
    if (this.closed) return;
    try {
      this.take(e);
    } catch (err) {
      // An event JSON cannot hold (a cycle, a bigint): the job must not hear of it.
      this.warnOnce(err);
    }
  }

  private take(e: ProgressEvent): void {
    if (this.kept < this.limits.perJob - 1) {
      this.kept++;
      this.buffer.push(this.row(e));
      if (this.buffer.length >= this.limits.batch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.limits.flushMs).unref();
    } else if (!this.held && !this.dropped) this.held = this.row(e);
    else {
      this.dropped += this.held ? 2 : 1;
      this.held = undefined;
    }
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      if (this.held) this.buffer.push(this.held);
      if (this.dropped)
        this.buffer.push(
          this.row({
            type: 'note',
            level: 'warning',
            message: `${this.dropped} more event(s) not kept: a job keeps at most ${this.limits.perJob}`,
            elapsedMs: 0,
          }),
        );
      this.flush();
    }
    await this.written;
  }

  private row(e: ProgressEvent): Row {
    // The time is the event's own (written later, in a batch); elapsedMs is implied by it.
    const { type, elapsedMs: _elapsed, ...fields } = e;
    return { at: new Date().toISOString(), type, data: boundedData(fields, this.limits.dataBytes) };
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.buffer.splice(0);
    if (!rows.length) return;
    // One batch at a time, in order: each numbers its events after the ones already stored.
    this.written = this.written
      .then(() => insertEvents(this.db, this.jobId, rows, this.limits.perJob))
      .catch((err: unknown) => this.warnOnce(err));
  }

  private warnOnce(err: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`the job's progress events were not stored: ${(err as Error).message}`);
  }
}

/**
 * Appends `rows` to the job's events, numbered after the last one stored (an earlier attempt's too),
 * and no further than `perJob`. Two workers on one job at once (one taken for dead) lose events rather
 * than fail: the primary key refuses the second of two equal numbers.
 */
async function insertEvents(db: Queryable, jobId: string, rows: Row[], perJob: number): Promise<void> {
  await db.query(
    `INSERT INTO autofix.job_events (job_id, seq, at, type, data)
     SELECT $1, last.seq + e.n, (e.v->>'at')::timestamptz, e.v->>'type', e.v->'data'
     FROM (SELECT coalesce(max(seq), 0) AS seq FROM autofix.job_events WHERE job_id = $1) last,
       jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(v, n)
     WHERE last.seq + e.n <= $3
     ON CONFLICT (job_id, seq) DO NOTHING`,
    [jobId, JSON.stringify(rows), perJob],
  );
}

/** The job's events in the order they were said: the type, when, and the event's own fields. */
export async function readJobEvents(
  db: Queryable,
  jobId: string,
): Promise<Array<{ at: string; type: string; [field: string]: unknown }>> {
  const { rows } = await db.query<{ at: Date | string; type: string; data: Record<string, unknown> }>(
    'SELECT at, type, data FROM autofix.job_events WHERE job_id = $1 ORDER BY seq',
    [jobId],
  );
  // The event's own fields first: `at` and `type` are the store's and win a clash.
  return rows.map((r) => ({ ...r.data, at: new Date(r.at).toISOString(), type: r.type }));
}
