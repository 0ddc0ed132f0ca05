import { forgesFor, prJobDeps, type SandboxKind } from '../../compose/index.js';
import { takeSecrets } from '../../config/index.js';
import { githubWebUrl } from '../../dashboard/index.js';
import { runPrJob } from '../../pipeline/index.js';
import { logEvent } from '../../service/log-event.js';
import { createLogger, secretScrubber, type Logger } from '../../service/logger.js';
import { startService } from '../../service/service.js';
import { loadServiceConfig, redactedConfig, type ServiceConfig } from '../../service/service-config.js';
import {
  PgBaselineCache,
  PgSpendLedger,
  StoreFailureMemory,
  StoreFixMemory,
  type Database,
  type JobStop,
} from '../../store/index.js';
import type { WorkerDeps } from '../../service/job-handler.js';
import { pgliteSeed } from '../../compose/version.js';

export interface ServeCliOptions {
  port?: string;
  sandbox?: SandboxKind;
}

/**
 * A job stopped at its timeout says so in its status comment, as a cancelled workflow does. A job
 * released at shutdown or taken for dead says nothing: another worker takes it over and finishes it.
 */
function onTimeout(signal: AbortSignal, handler: (why: string) => Promise<void>): () => void {
  const on = () => {
    if (signal.reason === ('timeout' satisfies JobStop))
      void handler('the job timeout').catch(() => undefined);
  };
  signal.addEventListener('abort', on, { once: true });
  return () => signal.removeEventListener('abort', on);
}

/** `ci-autofix serve`: runs until SIGTERM or Ctrl-C, then stops taking work and lets running jobs finish. */
export async function serveCommand(
  options: ServeCliOptions,
  io: { env: NodeJS.ProcessEnv } = { env: process.env },
): Promise<number> {
  const config = loadServiceConfig(io.env, options.port !== undefined ? { port: options.port } : {});
  const secrets = [
    config.github.auth.kind === 'token' ? config.github.auth.token : config.github.auth.privateKey,
    config.webhookSecret,
    config.notify?.secret,
    config.dashboard.mode === 'token' ? config.dashboard.token : undefined,
    io.env.ANTHROPIC_API_KEY,
    io.env.OPENAI_API_KEY,
  ].filter((s): s is string => !!s);
  const log = createLogger({ level: config.logLevel, secrets });
  // The GitHub credential and webhook secrets leave the environment: no child process inherits them.
  takeSecrets(io.env, ['DASHBOARD_TOKEN']);
  log.info({ config: redactedConfig(config) }, 'configuration');

  const forgeFor = forgesFor(config.github);
  const repositories = async () => {
    if (config.repositories.length) return config.repositories;
    if (config.github.auth.kind !== 'app' || !config.github.auth.installationId) return [];
    return (await forgeFor('', config.github.auth.installationId)).installationRepositories();
  };
  const polling =
    config.monitorIntervalSeconds > 0 &&
    (config.repositories.length > 0 || config.github.auth.kind === 'app');
  const service = await startService({
    port: config.port,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    pgliteSeed: pgliteSeed(),
    ...(config.webhookSecret ? { webhookSecret: config.webhookSecret } : {}),
    concurrency: config.workerConcurrency,
    queue: { takeoverSeconds: config.takeoverSeconds, jobTimeoutSeconds: config.jobTimeoutSeconds },
    log,
    dashboard: { access: config.dashboard, web: githubWebUrl(config.github.apiUrl) },
    worker: (db) => workerFor(config, options, forgeFor, db, secretScrubber(secrets)),
    ...(polling
      ? {
          poll: {
            repositories,
            forge: (repo: string) => forgeFor(repo),
            intervalSeconds: config.monitorIntervalSeconds,
          },
        }
      : {}),
  });
  if (!config.webhookSecret && !polling)
    log.warn(
      'neither webhooks (GITHUB_WEBHOOK_SECRET) nor polling (REPO_OWNER and REPO_NAME, or REPOSITORIES) is set up: no job will arrive',
    );

  await stopSignal(log);
  await service.stop();
  // A job still running past the grace period was handed back to the queue; its processes must not keep
  // this one alive.
  process.exit(0);
}

/** Until SIGTERM or Ctrl-C. */
function stopSignal(log: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'stopping: running jobs may finish');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** What the service's workers run: the pr job with this process's adapters, its events logged as entries. */
function workerFor(
  config: ServiceConfig,
  options: ServeCliOptions,
  forgeFor: ReturnType<typeof forgesFor>,
  db: Database,
  scrub: <T>(v: T) => T,
): Omit<WorkerDeps, 'flags' | 'cancel'> {
  return {
    findPr: async (repo, headRepo, headBranch, installationId) =>
      (await forgeFor(repo, installationId)).findPullRequest(repo, headRepo, headBranch),
    forge: (repo, installationId) => forgeFor(repo, installationId),
    runPr: async (target, jlog, signal, record) => {
      const forge = await forgeFor(target.repo, target.installationId);
      const log = logEvent(jlog);
      const deps = prJobDeps({
        forge,
        sandbox: options.sandbox,
        // Logged (scrubbed by the logger) and kept for the dashboard, scrubbed the same way.
        events: (e) => {
          log(e);
          record(scrub(e));
        },
        ledger: new PgSpendLedger(db),
        ...(config.notify ? { webhook: config.notify } : {}),
      });
      deps.onInterrupt = (handler) => onTimeout(signal, handler);
      deps.memory = new StoreFailureMemory(db);
      deps.fixMemory = new StoreFixMemory(db);
      deps.baselines = new PgBaselineCache(db);
      return runPrJob(
        {
          repo: target.repo,
          number: target.number,
          autoApprove: target.autoApprove ?? config.autoApprove,
          ...(target.force ? { force: true } : {}),
          ...(target.run ? { run: target.run } : {}),
          dryRun: false,
          checkTimeoutMs: 10 * 60_000,
          fixerTimeoutMs: 5 * 60_000,
        },
        deps,
      );
    },
  };
}
