import type { Writable } from 'node:stream';
import { fixJobDeps, type SandboxKind } from '../../compose/index.js';
import { CONFIG_FILE, loadConfig } from '../../config/index.js';
import { AutofixError } from '../../domain/index.js';
import { runFixJob } from '../../pipeline/index.js';
import { fixSummary } from './fix-summary.js';
import { openLocalMemory } from './local-memory.js';
import * as workspace from '../../workspace/index.js';
import { progressPrinter } from '../progress-printer.js';

export interface FixCliOptions {
  cwd?: string;
  log?: string[];
  check?: string;
  base?: string;
  config?: string;
  dryRun?: boolean;
  commit?: boolean;
  format: string;
  sandbox?: SandboxKind;
}

/** `ci-autofix fix`: exit 0 only for `fixed`. */
export async function fixCommand(
  options: FixCliOptions,
  io: { stdout: Writable; stderr: Writable } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  if (!['text', 'json'].includes(options.format))
    throw new AutofixError('usage', `--format must be text or json (got "${options.format}")`);
  if (options.check !== undefined && options.check.trim() === '')
    throw new AutofixError(
      'usage',
      '--check is empty: give the command that proves the repository green (e.g. --check "just check"), or leave --check out to use .ci-autofix.yml or detect one',
    );
  if (options.base !== undefined && !/^[\w./@^~{}-]+$/.test(options.base))
    throw new AutofixError('usage', `--base must be a branch, tag or commit (got "${options.base}")`);
  const cwd = options.cwd ?? process.cwd();
  const repo = await workspace.repoState(cwd);
  const config = await loadConfig(
    options.config ?? `${repo.root}/${CONFIG_FILE}`,
    options.config === undefined,
  );
  const deps = await fixJobDeps({ config, sandbox: options.sandbox, events: progressPrinter(io.stderr) });
  // Opened while the check runs: the job awaits it only to plan its first fix.
  const memory =
    deps.model && !options.dryRun ? openLocalMemory(process.env, repo.root, config.memory.share) : undefined;
  const outcome = await runFixJob(
    {
      cwd,
      config,
      check: options.check,
      base: options.base,
      logs: options.log,
      ...(memory
        ? { recall: memory.then((m) => ({ avoid: m?.avoid ?? [], replays: m?.replays ?? [] })) }
        : {}),
      dryRun: options.dryRun ?? false,
      commit: options.commit ?? true,
      checkTimeoutMs: 10 * 60_000,
      fixerTimeoutMs: 5 * 60_000,
    },
    deps,
  );
  await (await memory)?.finish(outcome, repo.head);
  io.stdout.write(
    options.format === 'json' ? `${JSON.stringify(outcome, null, 2)}\n` : fixSummary(outcome, repo.root),
  );
  return outcome.outcome === 'fixed' ? 0 : 1;
}
