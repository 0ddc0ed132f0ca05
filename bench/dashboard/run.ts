/**
 * bench/dashboard (issue 24): the dashboard's reads on a service's database of 100,000 jobs (90 days,
 * 30 repositories: bench/dashboard/seed.ts), server-side (the store's queries, no HTTP, no rendering).
 * Target: the overview in < 300 ms.
 *
 * A database of its own on the PostgreSQL server (TEST_DATABASE_URL, else 127.0.0.1:5432, trust auth),
 * migrated by the project's `migrate`, seeded by bulk SQL, dropped at the end; `--pglite` runs the same
 * on the embedded PGlite (in a temporary folder) instead.
 *
 *   npx tsx bench/dashboard/run.ts [--jobs 100000] [--runs 25] [--explain] [--pglite] [--shield]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  listJobs,
  migrate,
  openDatabase,
  readJob,
  readOverview,
  readStats,
  type Database,
  type JobListOptions,
  type Queryable,
} from '../../src/store/index.js';
import { SERVER_URL } from '../../test/helpers/databases.js';
import { databaseUrl } from '../../test/helpers/template-databases.js';
import { explainAll } from './explain.js';
import { seedSql } from './seed.js';
import { serverCpu } from './serial.js';

const argv = process.argv.slice(2);
const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const JOBS = Number(opt('--jobs') ?? 100_000);
const RUNS = Number(opt('--runs') ?? 25);
const pglite = argv.includes('--pglite');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const ms = (v: number) => v.toFixed(1).padStart(7);

/** `fn` three times to warm up, then RUNS times: p50, p95 and max in ms. */
async function timed(label: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(52)} ${ms(pct(times, 50))} ${ms(pct(times, 95))} ${ms(Math.max(...times))}`);
}

/** A database of our own, how to open it again with other settings, and how to get rid of it. */
async function open(): Promise<{ db: Database; url?: string; drop: () => Promise<void> }> {
  if (pglite) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
    const db = await openDatabase({ dataDir: dir });
    return { db, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `autofix_bench_dashboard_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(SERVER_URL, name);
  const db = await openDatabase({ url, dataDir: '' });
  return {
    db,
    url,
    drop: async () => {
      const a = new pg.Client({ connectionString: SERVER_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function counts(db: Queryable): Promise<string> {
  const tables = [
    'jobs',
    'outcomes',
    'attempts',
    'diagnostics',
    'fixer_tries',
    'job_events',
    'fix_memory',
    'spend',
    'reruns',
  ];
  const parts: string[] = [];
  for (const t of tables) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM autofix.${t}`);
    parts.push(`${t} ${Number(rows[0]!.n).toLocaleString('en')}`);
  }
  return parts.join(', ');
}

/** Every page of a list, each page's time; the pages' count and the p50, p95 and max of their times. */
async function walk(db: Queryable, label: string, filter: JobListOptions, maxPages = 100): Promise<void> {
  const times: number[] = [];
  let cursor: string | undefined;
  let jobs = 0;
  do {
    const t0 = performance.now();
    const page = await listJobs(db, { ...filter, ...(cursor ? { cursor } : {}) });
    times.push(performance.now() - t0);
    jobs += page.rows.length;
    cursor = page.next ?? undefined;
  } while (cursor && times.length < maxPages);
  const what = `${label} (${times.length} pages, ${jobs} jobs)`;
  console.log(`${what.padEnd(52)} ${ms(pct(times, 50))} ${ms(pct(times, 95))} ${ms(Math.max(...times))}`);
}

console.log(
  `bench/dashboard on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${pglite ? 'PGlite' : 'PostgreSQL'}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const { db, url, drop } = await open();
try {
  await migrate(db);
  const s0 = performance.now();
  await db.exec(seedSql(JOBS));
  // What autovacuum does to a table that has settled: statistics, and the visibility map that lets a
  // scan read an index alone.
  await db.exec('VACUUM ANALYZE');
  console.log(`seeded in ${((performance.now() - s0) / 1000).toFixed(1)} s: ${await counts(db)}`);
  if (!pglite) {
    const { rows } = await db.query<{ v: string }>('SELECT version() AS v');
    console.log(rows[0]!.v.split(' on ')[0]);
  }
  const now = Date.now();
  const jobIds = await db.query<{ id: string }>(
    `SELECT id FROM autofix.jobs WHERE created_at > now() - interval '15 days' ORDER BY md5(id::text) LIMIT 50`,
  );

  console.log(`\n${'ms, after 3 warm-up runs'.padEnd(52)}     p50     p95     max   (${RUNS} runs)`);
  // As the service reads: on the connections for reports (database.ts: parallel query off).
  const reports = db.reports;
  await timed('readOverview: last 30 days (the default)', () => readOverview(reports));
  await timed('readOverview: last 90 days (every job)', () => readOverview(reports, { days: 90 }));
  await timed('readOverview: last 7 days', () => readOverview(reports, { days: 7 }));
  // For comparison: on connections with the server's own settings (parallel query on).
  await timed('  30 days, parallel query on', () => readOverview(db));
  await timed('  90 days, parallel query on', () => readOverview(db, { days: 90 }));
  if (url) await serverCpu(url, db, timed, argv.includes('--shield'));
  await timed('  its readStats alone, 30 days', () =>
    readStats(reports, { since: new Date(now - 30 * 86_400_000) }),
  );
  await timed('  its readStats alone, 90 days', () =>
    readStats(reports, { since: new Date(now - 90 * 86_400_000) }),
  );
  await timed('listJobs: first page (50)', () => listJobs(db));
  await timed('listJobs: first page of one repository', () =>
    listJobs(db, { repository: 'org-3/service-2' }),
  );
  await timed('listJobs: first page of validation-failed', () =>
    listJobs(db, { outcome: 'validation-failed' }),
  );
  let k = 0;
  await timed('readJob: one of 50 jobs of the last 15 days', () => readJob(db, jobIds.rows[k++ % 50]!.id));
  await walk(db, 'listJobs: pages 1–100', {});
  await walk(db, 'listJobs: one repository, every page', { repository: 'org-3/service-2' }, 1000);
  await walk(db, 'listJobs: outcome fixed, pages 1–100', { outcome: 'fixed' });
  await walk(db, 'listJobs: validation-failed, every page', { outcome: 'validation-failed' }, 1000);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (argv.includes('--explain')) for (const days of [7, 90]) await explainAll(db, jobIds.rows[0]!.id, days);
} finally {
  await db.close();
  await drop();
}
