import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config/index.js';
import type { Forge } from '../forge/forge.js';
import type { PrJobDeps, ProgressEvent, SpendLedger } from '../pipeline/index.js';
import { sendWebhook } from '../publish/webhook.js';
import * as workspace from '../workspace/index.js';
import { defaultStateDir } from '../store/file-spend-ledger.js';
import { FileBaselineCache } from '../store/file-baseline-cache.js';
import { fixJobDeps, type SandboxKind } from './fix-deps.js';

/**
 * The pr job's dependencies on this machine: real git, temp folders, the fix job's sandbox and model,
 * and the AUTOFIX_WEBHOOK_URL notifier. Shared by `ci-autofix pr`, the Action and the service's workers.
 */
export function prJobDeps(o: {
  forge: Forge;
  sandbox: SandboxKind | undefined;
  webhook?: { url: string; secret?: string };
  /** Where everything the job reports goes: the entry point renders it. */
  events: (e: ProgressEvent) => void;
  /** Where model spending is kept (default: the CLI's file ledger). */
  ledger?: SpendLedger;
  /** The settings the fix job reads (model keys and provider, state folder): the process's by default. */
  env?: NodeJS.ProcessEnv;
}): PrJobDeps {
  const warn = (message: string) => o.events({ type: 'note', level: 'warning', message, elapsedMs: 0 });
  return {
    forge: o.forge,
    baselines: new FileBaselineCache(join(defaultStateDir(o.env ?? process.env), 'baselines')),
    // The sandbox kind and the model provider come from the repository's config (its default branch).
    fixDeps: async (config) => {
      const deps = await fixJobDeps({ config, sandbox: o.sandbox, events: o.events, env: o.env });
      if (o.ledger) deps.ledger = o.ledger;
      return deps;
    },
    git: {
      clone: async (dir, head, base, gitEnv) => {
        await workspace.cloneForFix(dir, head, base, gitEnv);
      },
      push: (dir, url, commit, ref, gitEnv) => workspace.pushFastForward(dir, url, commit, ref, gitEnv),
      diff: async (dir, from, to) =>
        (await workspace.git(dir, ['diff', '-U0', '--no-renames', '--no-color', from, to])).stdout,
      fileAt: workspace.fileAt,
      commits: workspace.commitsSince,
      undone: workspace.undone,
      linkDependencies: (from, dir) => workspace.linkDependencies(from, dir),
      baseRef: workspace.BASE_REF,
    },
    parseConfig: (text, source) => parseConfig(text ?? '', source),
    tempDir: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ci-autofix-pr-'));
      return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
    },
    progress: o.events,
    ...(o.webhook
      ? {
          webhook: async (payload) => {
            await sendWebhook(payload, {
              url: o.webhook!.url,
              ...(o.webhook!.secret ? { secret: o.webhook!.secret } : {}),
              warn,
            });
          },
        }
      : {}),
  };
}
