import type { ProgressEvent } from '../domain/index.js';
import type { Forge } from '../forge/forge.js';
import { runPrJob, type PrJobDeps, type PrOutcome } from '../pipeline/index.js';
import type { SandboxKind } from './fix-deps.js';
import { prJobDeps } from './pr-deps.js';

/** What one pull request's job needs besides its options: resolved once by the entry point. */
export interface PrRunContext {
  forge: Forge;
  /** The settings the fix job reads (model keys and provider, state folder). */
  env: NodeJS.ProcessEnv;
  autoApprove: boolean;
  webhook?: { url: string; secret?: string };
  /** Where the job's events go: the entry point renders them. */
  events: (e: ProgressEvent) => void;
}

export interface PrRunOptions {
  dryRun?: boolean;
  check?: string;
  dependenciesFrom?: string;
  maxAttempts?: number;
  sandbox?: SandboxKind;
}

/**
 * The pr job on one pull request, with a typed result: `ci-autofix pr` prints it, the Action reports it.
 * SIGTERM or SIGINT while it works writes the status comment's final state first.
 */
export async function runPr(
  target: { repo: string; number: number },
  options: PrRunOptions,
  ctx: PrRunContext,
): Promise<PrOutcome> {
  const deps: PrJobDeps = {
    ...prJobDeps({
      forge: ctx.forge,
      sandbox: options.sandbox,
      events: ctx.events,
      env: ctx.env,
      ...(ctx.webhook ? { webhook: ctx.webhook } : {}),
    }),
    onInterrupt: (handler) => {
      const stop = (signal: NodeJS.Signals) => {
        ctx.events({
          type: 'note',
          level: 'warning',
          message: `${signal}: writing the status comment's final state, then stopping`,
          elapsedMs: 0,
        });
        void handler(signal)
          .catch(() => undefined)
          .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return () => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      };
    },
  };
  return runPrJob(
    {
      ...target,
      autoApprove: ctx.autoApprove,
      dryRun: options.dryRun ?? false,
      ...(options.dependenciesFrom ? { dependenciesFrom: options.dependenciesFrom } : {}),
      ...(options.check ? { check: options.check } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      checkTimeoutMs: 10 * 60_000,
      fixerTimeoutMs: 5 * 60_000,
    },
    deps,
  );
}
