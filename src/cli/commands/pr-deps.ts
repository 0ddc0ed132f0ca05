import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { parseConfig } from '../../config/index.js';
import type { Forge } from '../../forge/forge.js';
import type { PrJobDeps, ProgressEvent, SpendLedger } from '../../pipeline/index.js';
import { sendWebhook } from '../../publish/webhook.js';
import * as workspace from '../../workspace/index.js';
import { fixJobDeps, progressPrinter, type FixCliOptions } from './fix.js';

/**
 * The pr job's dependencies on this machine: real git, temp folders, the fix job's sandbox and model,
 * and the AUTOFIX_WEBHOOK_URL notifier. Shared by `ci-autofix pr` and the service's workers.
 */
export function prJobDeps(o: {
  forge: Forge;
  sandbox: FixCliOptions['sandbox'];
  stderr: Writable;
  webhook?: { url: string; secret?: string };
  /** Where progress goes (default: printed to stderr). */
  progress?: (e: ProgressEvent) => void;
  /** Where model spending is kept (default: the CLI's file ledger). */
  ledger?: SpendLedger;
  warn?: (message: string) => void;
  /** The settings the fix job reads (model keys and provider, state folder): the process's by default. */
  env?: NodeJS.ProcessEnv;
}): PrJobDeps {
  const warn = o.warn ?? ((m: string) => o.stderr.write(`warning: ${m}\n`));
  return {
    forge: o.forge,
    // The sandbox kind and the model provider come from the repository's config (its default branch).
    fixDeps: async (config) => {
      const deps = await fixJobDeps(config, o.sandbox, o.stderr, o.env);
      if (o.progress) deps.progress = o.progress;
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
      linkDependencies: (from, dir) => workspace.linkDependencies(from, dir),
      baseRef: workspace.BASE_REF,
    },
    parseConfig: (text, source) => parseConfig(text ?? '', source),
    tempDir: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ci-autofix-pr-'));
      return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
    },
    progress: o.progress ?? progressPrinter(o.stderr),
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
