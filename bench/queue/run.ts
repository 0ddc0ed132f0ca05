/**
 * bench/queue: the service's queue and webhook ingest (issue 10), on PostgreSQL (127.0.0.1:5432, or
 * TEST_DATABASE_URL) and on the embedded PGlite.
 *
 * 1. Throughput: N no-op jobs (each on a PR of its own) through 1, 2 and 4 workers; jobs/s, and the queue's
 *    overhead per job (worker time per job: wall × workers / N).
 * 2. Short real fix jobs: `ci-autofix fix` on a broken copy of examples/python-service per job, 1, 2 and 4
 *    workers (PostgreSQL), to set the queue's overhead against a job's own time.
 * 3. Webhook ingest on loopback: signed workflow_run deliveries at 200 requests/s for 10 s (target p99
 *    < 50 ms), then as fast as 16 connections go; webhook → job claimed p95 (target < 1 s) from the
 *    store's timestamps.
 *
 *   npm run bench:queue                 (all)
 *   npm run bench:queue -- --no-fix     (without part 2)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { PrOutcome } from '../../src/pipeline/index.js';
import { startService } from '../../src/service/service.js';
import { JobQueue } from '../../src/store/index.js';
import { repoRoot } from '../../test/helpers/cli.js';
import { createTestDatabase, type Backend } from '../../test/helpers/databases.js';
import { toolsPath } from '../../test/helpers/example-repo.js';

const argv = process.argv.slice(2);
const withFix = !argv.includes('--no-fix');
const N = 500;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const until = async (f: () => Promise<boolean>) => {
  while (!(await f())) await new Promise((r) => setTimeout(r, 20));
};

console.log(
  `bench/queue on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

async function throughput(
  backend: Backend,
  workers: number,
  jobs: number,
  handler: (i: number) => Promise<void>,
) {
  const t = await createTestDatabase(backend);
  const queue = await JobQueue.open(t.db, { pollingIntervalSeconds: 0.5 });
  const e0 = performance.now();
  for (let i = 0; i < jobs; i++)
    await queue.enqueue({
      kind: 'fix',
      repo: 'bench/repo',
      pr: i + 1,
      headSha: i.toString(16).padStart(40, '0'),
      headRepo: 'bench/repo',
      headBranch: `b${i}`,
      trigger: `suite:${i}`,
      source: 'webhook',
    });
  const enqueueMs = performance.now() - e0;
  const w0 = performance.now();
  await queue.work(async (job) => {
    await handler(job.payload.pr ?? 0);
    return { outcome: 'fixed' };
  }, workers);
  queue.notify();
  await until(async () => (await queue.depth()).states.done === jobs);
  const wall = performance.now() - w0;
  await queue.stop(0);
  await t.drop();
  return {
    enqueuePerS: (jobs / enqueueMs) * 1000,
    jobsPerS: (jobs / wall) * 1000,
    overheadMs: (wall * workers) / jobs,
    wall,
  };
}

// 1. No-op jobs.
console.log(`\n1. no-op jobs (${N} per run)`);
console.log('backend   workers  enqueue/s  jobs/s  overhead ms/job');
for (const backend of ['postgres', 'pglite'] as const)
  for (const workers of [1, 2, 4]) {
    const r = await throughput(backend, workers, N, async () => undefined);
    console.log(
      `${backend.padEnd(9)} ${String(workers).padStart(7)} ${r.enqueuePerS.toFixed(0).padStart(10)} ${r.jobsPerS.toFixed(0).padStart(7)} ${r.overheadMs.toFixed(1).padStart(16)}`,
    );
  }

// 2. Short real fix jobs.
if (withFix) {
  const M = 8;
  const brokenCopy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-queue-fix-'));
    cpSync(join(repoRoot, 'examples/python-service'), dir, { recursive: true });
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=b', '-c', 'user.email=b@b', 'add', '-A');
    git('-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'base');
    git('apply', 'failing.patch');
    git('-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qam', 'break');
    return dir;
  };
  const fixOnce = async () => {
    const dir = brokenCopy();
    await new Promise<void>((resolve, reject) => {
      const r = spawnSync(
        process.execPath,
        [join(repoRoot, 'bin/ci-autofix.js'), 'fix', '--cwd', dir, '--format', 'json'],
        {
          env: {
            ...process.env,
            PATH: toolsPath,
            ANTHROPIC_API_KEY: '',
            OPENAI_API_KEY: '',
            CI_AUTOFIX_PINNED_TOOLS: '0',
          },
          encoding: 'utf8',
        },
      );
      rmSync(dir, { recursive: true, force: true });
      if (r.status !== 0) reject(new Error(`fix failed: ${r.stderr}`));
      else resolve();
    });
  };
  const s0 = performance.now();
  await fixOnce();
  const single = performance.now() - s0;
  console.log(`\n2. short real fix jobs (${M} per run; one alone takes ${(single / 1000).toFixed(1)} s)`);
  console.log('backend   workers  jobs/s  s/job (wall×workers/N)');
  for (const workers of [1, 2, 4]) {
    const r = await throughput('postgres', workers, M, () => fixAsync());
    console.log(
      `postgres  ${String(workers).padStart(7)} ${r.jobsPerS.toFixed(2).padStart(7)} ${(r.overheadMs / 1000).toFixed(1).padStart(10)}`,
    );
  }
  async function fixAsync(): Promise<void> {
    const { spawn } = await import('node:child_process');
    const dir = brokenCopy();
    await new Promise<void>((resolve, reject) => {
      const p = spawn(
        process.execPath,
        [join(repoRoot, 'bin/ci-autofix.js'), 'fix', '--cwd', dir, '--format', 'json'],
        {
          env: {
            ...process.env,
            PATH: toolsPath,
            ANTHROPIC_API_KEY: '',
            OPENAI_API_KEY: '',
            CI_AUTOFIX_PINNED_TOOLS: '0',
          },
          stdio: 'ignore',
        },
      );
      p.on('exit', (code) => {
        rmSync(dir, { recursive: true, force: true });
        if (code === 0) resolve();
        else reject(new Error(`fix exited ${code}`));
      });
    });
  }
}

// 3. Webhook ingest.
const SECRET = 'bench-secret-0123456789';
const examples = JSON.parse(
  readFileSync(join(repoRoot, 'node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'),
) as Array<{ name: string; examples: Array<Record<string, unknown>> }>;
const example = examples
  .find((e) => e.name === 'workflow_run')!
  .examples.find((x) => x.action === 'completed')!;
function delivery(i: number): string {
  const p = structuredClone(example) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const sha = (i + 1).toString(16).padStart(40, 'a');
  p.workflow_run.conclusion = 'failure';
  p.workflow_run.check_suite_id = 1_000_000 + i;
  p.workflow_run.head_sha = sha;
  p.workflow_run.head_branch = `b${i}`;
  p.workflow_run.pull_requests = [
    {
      url: `${p.repository.url}/pulls/${i + 1}`,
      id: i + 1,
      number: i + 1,
      head: {
        ref: `b${i}`,
        sha,
        repo: { id: p.repository.id, url: p.repository.url, name: p.repository.name },
      },
      base: {
        ref: 'main',
        sha,
        repo: { id: p.repository.id, url: p.repository.url, name: p.repository.name },
      },
    },
  ];
  return JSON.stringify(p);
}
const noop = (repo: string, number: number): PrOutcome => ({
  outcome: 'nothing-to-fix',
  pull_request: { repo, number, url: '', head_sha: '' },
  failed_jobs: [],
  published: { mode: 'none', commits: [] },
  github_requests: 0,
  timing: { total_ms: 0, github_ms: 0, clone_ms: 0, fix_ms: 0, publish_ms: 0 },
  notes: [],
});

console.log('\n3. webhook ingest (signed workflow_run failures, each a new job)');
console.log('backend   rate      sent  p50 ms  p99 ms  max req/s (16 conn)  claimed p95 ms');
for (const backend of ['postgres', 'pglite'] as const) {
  const t = await createTestDatabase(backend, { migrate: false });
  if (backend === 'postgres') await t.db.close();
  const service = await startService({
    port: 0,
    host: '127.0.0.1',
    ...(t.url ? { databaseUrl: t.url } : {}),
    dataDir: t.dataDir,
    webhookSecret: SECRET,
    concurrency: 4,
    log: pino({ level: 'silent' }),
    queue: { pollingIntervalSeconds: 0.5 },
    worker: () => ({
      runPr: async (target) => noop(target.repo, target.number),
      findPr: async () => undefined,
      forge: async () => ({ permission: async () => 'none', react: async () => undefined }),
    }),
  });
  const url = `http://127.0.0.1:${service.port}/webhook`;
  let next = 0;
  const send = async (): Promise<number> => {
    const body = delivery(next++);
    const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const t0 = performance.now();
    const r = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        'x-hub-signature-256': sig,
      },
      body,
    });
    await r.arrayBuffer();
    if (r.status !== 202) throw new Error(`webhook answered ${r.status}`);
    return performance.now() - t0;
  };
  // Open loop at 200 requests/s for 10 s: a request every 5 ms, whether or not the last one answered.
  const latencies: Array<Promise<number>> = [];
  const start = performance.now();
  for (let i = 0; i < 2000; i++) {
    const due = start + i * 5;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    latencies.push(send());
  }
  const ms = await Promise.all(latencies);
  // Closed loop: 16 connections, 5 s.
  let done = 0;
  const end = performance.now() + 5000;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < end) {
        await send();
        done++;
      }
    }),
  );
  await until(async () => (await service.queue.depth()).states.done === next);
  const claimed = await service.db.query<{ p95: number }>(
    `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at) * 1000) AS p95
     FROM autofix.jobs WHERE trigger BETWEEN 'suite:1000000' AND 'suite:1001999'`,
  );
  console.log(
    `${backend.padEnd(9)} ${'200/s'.padEnd(6)} ${String(ms.length).padStart(7)} ${pct(ms, 50).toFixed(1).padStart(7)} ${pct(ms, 99).toFixed(1).padStart(7)} ${(done / 5).toFixed(0).padStart(20)} ${Number(
      claimed.rows[0]?.p95 ?? NaN,
    )
      .toFixed(0)
      .padStart(15)}`,
  );
  await service.stop();
  await t.drop();
}
