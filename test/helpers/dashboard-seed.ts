import {
  JobQueue,
  StoreFailureMemory,
  StoreFixMemory,
  StoreJobEvents,
  type Database,
} from '../../src/store/index.js';
import { jobSpecs, XSS_IMG, XSS_SCRIPT, type JobSpec } from './dashboard-jobs.js';
import { HANG_MS } from './hang-guard.js';
import { startServe, type ServeProcess } from './serve-process.js';

/**
 * A service's database as the dashboard finds it after a few weeks, written through the store's own
 * paths: each job queued (JobQueue.enqueue), run by the queue's workers with a handler that reports its
 * progress events (StoreJobEvents) and returns its result or throws (the queue records the outcome, its
 * findings and fixers' tries, or the failure), the fix memory's records and people's verdicts
 * (StoreFixMemory), re-runs and flaky tests (StoreFailureMemory). Only the times are moved afterwards:
 * the store stamps now(), and the pages are about days.
 */
export interface SeededDashboard {
  specs: JobSpec[];
  /** The job ids, in the order of `specs` (the first: the newest, with the markup). */
  ids: string[];
}

/** The seed the browser test and the README's screenshots show: six weeks' work would crowd a test. */
export const DASHBOARD_SEED = { jobs: 40, days: 21 };

/** A dashboard token for the seeded pages (the service wants at least 16 characters). */
export const DASHBOARD_TOKEN = 'dashboard-token-for-browser-tests-0123456789';

/**
 * `ci-autofix serve` with the dashboard on a store: `{ DATABASE_URL }` (a PostgreSQL server) or
 * `{ CI_AUTOFIX_DATA_DIR }` (the embedded PGlite, closed by whoever seeded it). No job is left to run and
 * nothing is polled, so the GitHub token is never used.
 */
export function serveDashboard(store: StoreEnv, env: Record<string, string> = {}): Promise<ServeProcess> {
  return startServe({
    ...store,
    DASHBOARD_TOKEN,
    GITHUB_TOKEN: 'ghp_never-used-no-job-runs',
    MONITOR_INTERVAL: '0',
    WORKER_CONCURRENCY: '1',
    ...env,
  });
}

export type StoreEnv = { DATABASE_URL: string } | { CI_AUTOFIX_DATA_DIR: string };

/** The environment that gives `serve` or the CLI the test database `t`. */
export const storeEnv = (t: { url?: string; dataDir: string }): StoreEnv =>
  t.url ? { DATABASE_URL: t.url } : { CI_AUTOFIX_DATA_DIR: t.dataDir };

export async function seedDashboard(
  db: Database,
  o: { jobs: number; days: number },
): Promise<SeededDashboard> {
  const specs = jobSpecs(o.jobs, o.days);
  const ids = await runJobs(db, specs);
  const memory = new StoreFixMemory(db);
  // Job by job, oldest first, as the service records them: a signature met before is a memory hit.
  for (const s of [...specs].sort((a, b) => b.ageSeconds - a.ageSeconds))
    if (s.memory.length) await memory.record(s.memory);
  // People's verdicts on published fixes: most merged, some reverted.
  for (const [n, s] of specs.entries()) {
    const commits = s.memory.flatMap((m) => (m.result === 'published' && m.commit ? [m.commit] : []));
    if (commits.length && n % 3 !== 1)
      await memory.judge(s.request.repo, commits, n % 7 === 0 ? 'rejected' : 'accepted', 'seeded');
  }
  await failures(new StoreFailureMemory(db));
  await moveTimes(db, specs, ids);
  return { specs, ids };
}

/** Every job through the queue: queued, claimed by a worker, run by the handler, finished. */
async function runJobs(db: Database, specs: JobSpec[]): Promise<string[]> {
  const queue = await JobQueue.open(db, { pollingIntervalSeconds: 0.5, retryLimit: 0, workerName: 'seed:1' });
  try {
    const byTrigger = new Map(specs.map((s) => [s.request.trigger, s]));
    const ids: string[] = [];
    for (const s of specs) ids.push((await queue.enqueue(s.request)).id);
    const events = new StoreJobEvents(db);
    await queue.work(async (job) => {
      const spec = byTrigger.get(job.trigger)!;
      const warnings: string[] = [];
      const recorder = events.open(job.id, (warning) => warnings.push(warning));
      for (const e of spec.events) recorder.emit(e);
      await recorder.close();
      // The seed is wrong if the store refused its events: say so rather than show fewer.
      if (warnings.length) throw new Error(warnings.join('; '));
      if ('error' in spec.result) throw new Error(spec.result.error);
      return spec.result;
    }, 4);
    await finished(db, ids.length);
    return ids;
  } finally {
    await queue.stop(0);
  }
}

/** Waits for every job to end (a condition, not a time: the guard only catches a hang). */
async function finished(db: Database, jobs: number): Promise<void> {
  const deadline = Date.now() + HANG_MS;
  for (;;) {
    const { rows } = await db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM autofix.jobs WHERE state IN ('done', 'failed')`,
    );
    if (Number(rows[0]!.n) === jobs) return;
    if (Date.now() > deadline) throw new Error(`the seeded jobs did not finish: ${rows[0]!.n} of ${jobs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Re-runs for the infrastructure and for flaky tests, and the flaky tests they proved. */
async function failures(memory: StoreFailureMemory): Promise<void> {
  const reruns = [
    { repo: 'acme/web', test: `tests/test_ui.py::test_render[${XSS_IMG}]`, passed: true },
    { repo: 'acme/web', test: `tests/test_ui.py::test_title[${XSS_SCRIPT}]`, passed: true },
    { repo: 'acme/api', test: 'tests/test_queue.py::test_retry_after_timeout', passed: true },
    { repo: 'acme/api', test: 'tests/test_queue.py::test_retry_after_timeout', passed: true },
    { repo: 'acme/mobile', test: 'src/__tests__/sync.test.ts > syncs offline edits', passed: false },
  ];
  for (const [n, r] of reruns.entries()) {
    const headSha = `${n}`.padStart(40, 'f');
    const job = { name: 'test', verdict: 'flaky', reason: 'the test passed on a retry', tests: [r.test] };
    await memory.rerunRequested({ repo: r.repo, headSha, runId: 7000 + n, attempt: 1, jobs: [job] });
    await memory.rerunFinished(r.repo, 7000 + n, r.passed);
  }
  const infra = {
    name: 'build',
    verdict: 'infrastructure',
    reason: 'the runner lost its connection',
    tests: [],
  };
  for (const n of [0, 1, 2]) {
    const headSha = `${n}`.padStart(40, 'e');
    await memory.rerunRequested({ repo: 'acme/api', headSha, runId: 8000 + n, attempt: 1, jobs: [infra] });
    if (n < 2) await memory.rerunFinished('acme/api', 8000 + n, n === 0);
  }
}

/**
 * Each job's times moved back by its age (created, queued, started, finished; its attempt, outcome,
 * fix memory records), its events spread over its duration, the failures' over the last days.
 */
async function moveTimes(db: Database, specs: JobSpec[], ids: string[]): Promise<void> {
  const ages = JSON.stringify(specs.map((s, n) => ({ id: ids[n], age: s.ageSeconds })));
  const by = `WITH s AS (SELECT (e->>'id')::uuid AS id, (e->>'age')::float8 * interval '1 second' AS by
    FROM jsonb_array_elements($1::jsonb) e)`;
  await db.transaction(async (tx) => {
    await tx.query(
      `${by} UPDATE autofix.jobs j SET created_at = j.created_at - s.by, queued_at = j.queued_at - s.by,
         started_at = j.created_at - s.by + interval '2 seconds',
         finished_at = j.created_at - s.by + interval '2 seconds' + coalesce(
           (SELECT o.duration_ms FROM autofix.outcomes o WHERE o.job_id = j.id), 1000) * interval '1 ms'
       FROM s WHERE j.id = s.id`,
      [ages],
    );
    // A finding and a fixer's try carry their job's creation time (what stats read their window by).
    for (const table of ['diagnostics', 'fixer_tries'])
      await tx.query(
        `UPDATE autofix.${table} t SET job_created_at = j.created_at FROM autofix.jobs j WHERE j.id = t.job_id`,
      );
    await tx.query(
      `${by} UPDATE autofix.attempts a SET started_at = j.started_at, finished_at = j.finished_at
       FROM s, autofix.jobs j WHERE a.job_id = s.id AND j.id = s.id`,
      [ages],
    );
    await tx.query(
      `${by} UPDATE autofix.outcomes o SET created_at = j.finished_at FROM s, autofix.jobs j
       WHERE o.job_id = s.id AND j.id = s.id`,
      [ages],
    );
    await tx.query(
      `UPDATE autofix.job_events e SET at = j.started_at
         + (j.finished_at - j.started_at) * ((e.seq - 1)::float8 / greatest(c.n, 1))
       FROM autofix.jobs j, (SELECT job_id, count(*) AS n FROM autofix.job_events GROUP BY job_id) c
       WHERE j.id = e.job_id AND c.job_id = e.job_id`,
    );
    await tx.query(
      `UPDATE autofix.fix_memory m SET at = j.finished_at FROM autofix.jobs j
       WHERE j.head_sha = m.head_sha AND j.repository_id = m.repository_id`,
    );
    await tx.query(
      `UPDATE autofix.reruns SET requested_at = requested_at - (run_id % 9) * interval '1 day',
         finished_at = finished_at - (run_id % 9) * interval '1 day' + interval '5 minutes'`,
    );
    await tx.query(`UPDATE autofix.flaky_tests SET first_seen = first_seen - interval '12 days'`);
  });
}
