import type { Server } from 'node:http';
import {
  JobQueue,
  migrate,
  openDatabase,
  PollStateStore,
  PullRequestFlags,
  readFailureStats,
  readMemoryStats,
  StoreFailureMemory,
  StoreFixMemory,
  StoreJobEvents,
  type Database,
  type QueueOptions,
} from '../store/index.js';
import { dashboardHandler, storeSource, type DashboardOptions } from '../dashboard/index.js';
import { failureGauges, memoryGauges } from './failure-metrics.js';
import { verdictLearner } from './fix-verdicts.js';
import { intentHandler } from './handle-intent.js';
import { jobHandler, type WorkerDeps } from './job-handler.js';
import type { Logger } from './logger.js';
import { ServiceMetrics } from './metrics.js';
import { Poller, type PollerDeps } from './poller.js';
import { createServiceServer, listen, type ServerDeps } from './server.js';

export interface ServiceOptions {
  port: number;
  host?: string;
  databaseUrl?: string;
  dataDir: string;
  /** A new PGlite database to start from (DatabaseOptions.pgliteSeed). */
  pgliteSeed?: string;
  webhookSecret?: string;
  concurrency: number;
  log: Logger;
  /** The workers' dependencies, given the open database (the spend ledger lives there). */
  worker(db: Database): Omit<WorkerDeps, 'flags' | 'cancel'>;
  /** Polling, when MONITOR_INTERVAL > 0 and there are repositories to watch. */
  poll?: Omit<PollerDeps, 'state' | 'handle' | 'log' | 'metrics'>;
  queue?: QueueOptions;
  /** How long SIGTERM waits for running jobs before releasing them to another worker. */
  shutdownGraceMs?: number;
  botLogins?: string[];
  /** The pages under /dashboard: who may see them, GitHub's web address; absent, they are off. */
  dashboard?: Omit<DashboardOptions, 'source'>;
}

export interface RunningService {
  port: number;
  db: Database;
  queue: JobQueue;
  metrics: ServiceMetrics;
  server: Server;
  poller?: Poller;
  /** Stops taking webhooks and work, lets running jobs finish (or releases them), closes the database. */
  stop(): Promise<void>;
}

/**
 * `ci-autofix serve`: the HTTP server first (it answers /healthz while the rest starts), then the
 * database (migrated), the queue and its workers.
 */
export async function startService(o: ServiceOptions): Promise<RunningService> {
  let settle!: { ok: (d: ServerDeps) => void; fail: (e: unknown) => void };
  const deps = new Promise<ServerDeps>((ok, fail) => (settle = { ok, fail }));
  const server = createServiceServer(deps, o.log);
  const port = await listen(server, o.port, o.host);
  let started: Awaited<ReturnType<typeof startWork>>;
  try {
    started = await startWork(o);
  } catch (err) {
    settle.fail(err);
    await closeServer(server);
    throw err;
  }
  const { db, metrics, handle } = started;
  settle.ok({
    db,
    metrics,
    log: o.log,
    ...(o.webhookSecret ? { webhookSecret: o.webhookSecret } : {}),
    handle: (intent) => handle(intent),
    botLogins: o.botLogins ?? [],
    ...(o.dashboard
      ? { dashboard: dashboardHandler({ ...o.dashboard, source: storeSource(db.reports) }) }
      : {}),
  });
  const poller = o.poll
    ? new Poller({ ...o.poll, state: new PollStateStore(db), handle, log: o.log, metrics })
    : undefined;
  poller?.start();
  o.log.info({ port, database: db.kind, concurrency: o.concurrency }, 'service started');
  const { queue } = started;
  let stopping: Promise<void> | undefined;
  return {
    port,
    db,
    queue,
    metrics,
    server,
    ...(poller ? { poller } : {}),
    stop: () =>
      (stopping ??= (async () => {
        await poller?.stop();
        await closeServer(server);
        await queue.stop(o.shutdownGraceMs ?? 25_000);
        await db.close();
        o.log.info('service stopped');
      })()),
  };
}

/** The database (migrated), the queue and its workers: what the server waits for. */
async function startWork(o: ServiceOptions) {
  const db = await openDatabase({
    ...(o.databaseUrl ? { url: o.databaseUrl } : {}),
    dataDir: o.dataDir,
    ...(o.pgliteSeed ? { pgliteSeed: o.pgliteSeed } : {}),
  });
  try {
    const applied = await migrate(db);
    if (applied.length) o.log.info({ applied }, 'database migrated');
    const queue = await JobQueue.open(db, o.queue ?? {});
    const metrics = new ServiceMetrics(queue);
    failureGauges(metrics.registry, () => readFailureStats(db, null));
    memoryGauges(metrics.registry, () => readMemoryStats(db, null));
    const flags = new PullRequestFlags(db);
    const worker: WorkerDeps = {
      ...o.worker(db),
      flags,
      cancel: (repo, pr, reason) => queue.cancel(repo, pr, reason),
      rejectFixes: (repo, pr, reason) => new StoreFixMemory(db).judgePr(repo, pr, 'rejected', reason),
      events: new StoreJobEvents(db),
    };
    // The workers, their heartbeat, and the search for jobs whose worker died.
    await queue.work(jobHandler(worker, o.log, metrics), o.concurrency);
    const handle = intentHandler({
      queue,
      flags,
      log: o.log,
      memory: new StoreFailureMemory(db),
      verdicts: verdictLearner({ fixMemory: new StoreFixMemory(db), forge: worker.forge, log: o.log }),
    });
    return { db, queue, metrics, handle };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
