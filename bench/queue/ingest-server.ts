/**
 * The service for bench/queue's ingest part, in a process of its own (as deployed): startService with
 * workers whose job does nothing, so that what is measured is the webhook path and the queue.
 * Usage: tsx ingest-server.ts WORKERS (DATABASE_URL | DATA_DIR) SECRET; prints `port <n>` when listening.
 */
import { pino } from 'pino';
import type { PrOutcome } from '../../src/pipeline/index.js';
import { startService } from '../../src/service/service.js';

const [workers, store, secret] = process.argv.slice(2) as [string, string, string];
const noop = (repo: string, number: number): PrOutcome => ({
  outcome: 'nothing-to-fix',
  pull_request: { repo, number, url: '', head_sha: '', title: '' },
  failed_jobs: [],
  published: { mode: 'none', commits: [] },
  github_requests: 0,
  timing: { total_ms: 0, github_ms: 0, clone_ms: 0, fix_ms: 0, publish_ms: 0 },
  notes: [],
});
const service = await startService({
  port: 0,
  host: '127.0.0.1',
  ...(store.startsWith('postgres') ? { databaseUrl: store } : {}),
  dataDir: store,
  webhookSecret: secret,
  concurrency: Number(workers),
  log: pino({ level: 'silent' }),
  queue: { pollingIntervalSeconds: 0.5 },
  worker: () => ({
    runPr: async (target) => noop(target.repo, target.number),
    findPr: async () => undefined,
    forge: async () => ({
      permission: async () => 'none',
      react: async () => undefined,
      pullHistory: async () => ({ state: 'open' as const, merged: false, commits: [] }),
    }),
  }),
});
process.stdout.write(`port ${service.port}\n`);
process.on('SIGTERM', () => {
  void service.stop().then(() => process.exit(0));
});
