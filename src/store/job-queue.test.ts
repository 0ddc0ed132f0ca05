import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, fixRequest, type TestDatabase } from '../../test/helpers/databases.js';
import { AutofixError } from '../domain/index.js';
import { JobQueue, type FixRequest, type JobRow } from './job-queue.js';
import { appliedVersion, migrate, migrations, SCHEMA_VERSION } from './migrations.js';
import { PgSpendLedger } from './pg-spend-ledger.js';

const request = fixRequest;

async function until<T>(fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The running test's database, queue and jobs; dropped after it (a file's tests run one at a time).
let t: TestDatabase;
let queue: JobQueue | undefined;
type JobState = { key: string; state: string; attempts: number; reason: string | null };
const JOBS = 'SELECT key, state, attempts, reason FROM autofix.jobs ORDER BY created_at';
const states = async () => (await t.db.query<JobState>(JOBS)).rows;

/** For a describe block's tests on `backend`: opens the test's database and queue, dropped after it. */
function queueOpener(backend: (typeof backends)[number]) {
  afterEach(async () => {
    await queue?.stop(0);
    queue = undefined;
    await t?.drop();
  });
  return async (o: Parameters<typeof JobQueue.open>[1] = {}) => {
    t = await createTestDatabase(backend);
    queue = await JobQueue.open(t.db, { pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, ...o });
    return queue;
  };
}

describe.each(backends)('the job queue on %s', (backend) => {
  const open = queueOpener(backend);

  it('migrates once, and knows its version', async () => {
    t = await createTestDatabase(backend, { migrate: false });
    expect(await appliedVersion(t.db)).toBe(0);
    // Replicas starting together: both migrate, the schema is applied once.
    const [a, b] = await Promise.all([migrate(t.db), migrate(t.db)]);
    expect([...a, ...b].sort()).toEqual(migrations.map((m) => m.version));
    expect(await migrate(t.db)).toEqual([]);
    expect(await appliedVersion(t.db)).toBe(SCHEMA_VERSION);
  });

  it('records one job per idempotency key: a redelivered webhook or a poll of the same failure adds nothing', async () => {
    const q = await open();
    const first = await q.enqueue(request());
    const again = await q.enqueue(request({ source: 'poll' }));
    expect(first).toMatchObject({ created: true, state: 'queued' });
    expect(again).toEqual({ id: first.id, created: false, state: 'queued' });
    // Another failed suite on the same head is a job of its own, waiting behind the first (same branch).
    const other = await q.enqueue(request({ trigger: 'suite:2' }));
    expect(other).toMatchObject({ created: true, state: 'waiting' });
    expect((await q.depth()).states).toMatchObject({ queued: 1, waiting: 1 });
  });

  it('runs one job per branch at a time, in order, while other branches run alongside', async () => {
    const q = await open();
    const log: string[] = [];
    let maxSameBranch = 0;
    const perBranch = new Map<string, number>();
    await q.work(async (job: JobRow) => {
      const n = (perBranch.get(job.branch_key) ?? 0) + 1;
      perBranch.set(job.branch_key, n);
      maxSameBranch = Math.max(maxSameBranch, n);
      log.push(`start ${(job.payload as FixRequest).headBranch} ${job.trigger}`);
      await new Promise((r) => setTimeout(r, 300));
      log.push(`end ${(job.payload as FixRequest).headBranch} ${job.trigger}`);
      perBranch.set(job.branch_key, n - 1);
      return { outcome: 'fixed', published: 'push', commits: 1 };
    }, 3);
    for (let i = 1; i <= 3; i++) await q.enqueue(request({ trigger: `suite:${i}` }));
    await q.enqueue(request({ pr: 2, headBranch: 'other', trigger: 'suite:9' }));
    q.notify();
    await until(async () => (await q.depth()).states.done === 4);
    expect(maxSameBranch).toBe(1);
    const feature = log.filter((l) => l.includes(' feature '));
    expect(feature).toEqual([
      'start feature suite:1',
      'end feature suite:1',
      'start feature suite:2',
      'end feature suite:2',
      'start feature suite:3',
      'end feature suite:3',
    ]);
    // The other branch did not wait for the three of `feature`.
    expect(log.indexOf('start other suite:9')).toBeLessThan(log.indexOf('end feature suite:2'));
    const outcomes = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM autofix.outcomes WHERE outcome = 'fixed'`,
    );
    expect(Number(outcomes.rows[0]!.n)).toBe(4);
  });
});

describe.each(backends)('the job queue on %s: retries and cancellations', (backend) => {
  const open = queueOpener(backend);

  it('retries external errors with backoff, never configuration errors', async () => {
    const q = await open({ retryLimit: 2 });
    const calls = new Map<string, number>();
    await q.work(async (job) => {
      const n = (calls.get(job.trigger) ?? 0) + 1;
      calls.set(job.trigger, n);
      if (job.trigger === 'suite:flaky' && n < 2)
        throw new AutofixError('github-unavailable', 'GitHub answered 502', 'external');
      if (job.trigger === 'suite:config')
        throw new AutofixError('config-invalid', '.ci-autofix.yml: max_attempts must be a number');
      return { outcome: 'fixed' };
    }, 2);
    await q.enqueue(request({ trigger: 'suite:flaky' }));
    await q.enqueue(request({ pr: 3, headBranch: 'cfg', trigger: 'suite:config' }));
    q.notify();
    await until(async () => {
      const s = await states();
      return s.every((j) => j.state === 'done' || j.state === 'failed') && s;
    });
    const s = await states();
    expect(s.find((j) => j.key.includes('flaky'))).toMatchObject({ state: 'done', attempts: 2 });
    expect(s.find((j) => j.key.includes('config'))).toMatchObject({
      state: 'failed',
      attempts: 1,
      reason: '.ci-autofix.yml: max_attempts must be a number',
    });
    expect(calls.get('suite:config')).toBe(1);
    const attempts = await t.db.query<{ error: string | null }>(
      'SELECT error FROM autofix.attempts ORDER BY started_at',
    );
    expect(attempts.rows.map((a) => a.error)).toContain('GitHub answered 502');
  });

  it('drops jobs for an old head when a new one is pushed, and every job of a closed PR', async () => {
    const q = await open();
    await q.enqueue(request({ trigger: 'suite:1' }));
    await q.enqueue(request({ trigger: 'suite:2' }));
    await q.enqueue(request({ headSha: 'b'.repeat(40), trigger: 'suite:3' }));
    expect(await q.supersede('octo/app', 1, 'b'.repeat(40))).toBe(2);
    let s = await states();
    expect(s.map((j) => j.state)).toEqual(['superseded', 'superseded', 'queued']);
    expect(s[0]!.reason).toBe('a newer commit (bbbbbbb) was pushed');
    expect(await q.cancel('octo/app', 1, 'the pull request was closed')).toBe(1);
    s = await states();
    expect(s.map((j) => j.state)).toEqual(['superseded', 'superseded', 'cancelled']);
    // Their pg-boss entries are delivered and find nothing to do.
    let ran = 0;
    await q.work(async () => {
      ran++;
      return { outcome: 'fixed' };
    }, 1);
    q.notify();
    await new Promise((r) => setTimeout(r, 1500));
    expect(ran).toBe(0);
  });
});

describe.each(backends)('the job queue on %s: dead workers', (backend) => {
  const open = queueOpener(backend);

  it("hands a dead worker's job to another once its heartbeat is older than the takeover time", async () => {
    // Two workers with the service's defaults: `a` takes the job and falls silent (as if killed).
    const a = await open();
    let stoppedWith: unknown;
    await a.work(
      (_job, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error(String((stoppedWith = signal.reason))))),
        ),
      1,
    );
    const { id } = await a.enqueue(request());
    a.notify();
    await until(async () => (await states())[0]!.state === 'running');
    // A running job whose worker beats is never taken, however long it has run.
    await t.db.query(`UPDATE autofix.jobs SET started_at = now() - interval '5 hours'`);
    expect(await a.recover()).toBe(0);
    // Sixty-one seconds of silence, as the database's clock sees it.
    await t.db.query(`UPDATE autofix.workers SET heartbeat_at = now() - interval '61 seconds'`);
    const b = await JobQueue.open(t.db);
    const ran: JobRow[] = [];
    await b.work(async (job) => {
      ran.push(job);
      return { outcome: 'fixed' };
    }, 1);
    try {
      await until(async () => (await states())[0]!.state === 'done');
      expect(ran).toHaveLength(1);
      expect(ran[0]).toMatchObject({ id, attempts: 2, lost: 1 });
      expect(ran[0]!.giveUp).toBeUndefined();
      // `a` learns at its next heartbeat that it was taken for dead, and stops; its end changes nothing.
      await until(async () => stoppedWith === 'lost');
      expect(await states()).toMatchObject([{ state: 'done', attempts: 2 }]);
      const attempts = await t.db.query<{ number: number; error: string | null }>(
        'SELECT number, error FROM autofix.attempts ORDER BY number',
      );
      expect(attempts.rows[0]!.error).toMatch(/stopped answering \(no heartbeat\)/);
      expect(attempts.rows[1]!.error).toBeNull();
      const outcomes = await t.db.query('SELECT outcome FROM autofix.outcomes');
      expect(outcomes.rows).toEqual([{ outcome: 'fixed' }]);
    } finally {
      await b.stop(0);
    }
  });

  it('gives a job up once it has taken three workers with it, and says why', async () => {
    const q = await open();
    await q.enqueue(request());
    await t.db.query('UPDATE autofix.jobs SET lost = 3');
    const ran: JobRow[] = [];
    await q.work(async (job) => {
      ran.push(job);
      return { outcome: 'skipped', reason: 'reported' };
    }, 1);
    await until(async () => (await states())[0]!.state === 'failed');
    expect(ran[0]!.giveUp).toMatch(/stopped 3 times/);
    expect((await states())[0]!.reason).toMatch(/stopped 3 times/);
  });
});

describe.each(backends)('the job queue on %s: what outlives a process', (backend) => {
  const open = queueOpener(backend);

  it('queues again a job that nothing is left to deliver', async () => {
    const q = await open();
    const lost = await q.enqueue(request({ trigger: 'suite:1' }));
    await q.enqueue(request({ trigger: 'suite:2' }));
    // As if pg-boss had given up on it: nothing delivers it any more.
    await t.db.query(`UPDATE autofix_queue.job SET state = 'failed' WHERE id = $1`, [lost.id]);
    expect(await q.recover()).toBe(1);
    expect((await states()).map((j) => j.state)).toEqual(['queued', 'waiting']);
    expect(await q.recover()).toBe(0);
    let ran = 0;
    await q.work(async () => {
      ran++;
      return { outcome: 'fixed' };
    }, 1);
    await until(async () => (await states()).every((j) => j.state === 'done'));
    expect(ran).toBe(2);
  });

  it('hands running work back at shutdown, and another worker finishes it', async () => {
    const q = await open();
    await q.work(
      (_job, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('stopped'))),
        ),
      1,
    );
    await q.enqueue(request());
    q.notify();
    await until(async () => (await states())[0]!.state === 'running');
    await q.stop(300);
    queue = undefined;
    expect(await states()).toMatchObject([{ state: 'queued', reason: 'released at shutdown', attempts: 1 }]);
    queue = await JobQueue.open(t.db, { pollingIntervalSeconds: 0.5, retryDelaySeconds: 1 });
    await queue.work(async () => ({ outcome: 'fixed' }), 1);
    await until(async () => (await states())[0]!.state === 'done');
    expect((await states())[0]).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('keeps model spending for every replica to see', async () => {
    t = await createTestDatabase(backend);
    const ledger = new PgSpendLedger(t.db);
    const entry = { model: 'm', requests: 1, input_tokens: 10, output_tokens: 5 };
    await ledger.record({ ...entry, at: '2026-11-29T10:00:00.000Z', key: 'octo/app#1', usd: 0.25 });
    await ledger.record({ ...entry, at: '2026-11-30T10:00:00.000Z', key: 'octo/app#1', usd: 0.5 });
    await ledger.record({ ...entry, at: '2026-11-30T11:00:00.000Z', key: 'octo/app#2', usd: 1 });
    expect(await ledger.total({ key: 'octo/app#1' })).toBeCloseTo(0.75);
    expect(await ledger.total({ since: new Date('2026-11-30T00:00:00Z') })).toBeCloseTo(1.5);
    expect(await ledger.total({})).toBeCloseTo(1.75);
  });

  it('keeps its jobs across a restart', async () => {
    const q = await open();
    await q.enqueue(request());
    await q.stop(0);
    queue = undefined;
    await t.db.close();
    t.db = await t.reopen();
    queue = await JobQueue.open(t.db, { pollingIntervalSeconds: 0.5 });
    let ran = 0;
    await queue.work(async () => {
      ran++;
      return { outcome: 'fixed' };
    }, 1);
    await until(async () => ran === 1);
    await until(async () => (await states())[0]!.state === 'done');
  });
});
