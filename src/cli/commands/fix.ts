import { relative } from 'node:path';
import type { Writable } from 'node:stream';
import { fixJobDeps, type SandboxKind } from '../../compose/index.js';
import { CONFIG_FILE, loadConfig } from '../../config/index.js';
import { AutofixError } from '../../domain/index.js';
import { runFixJob, type FixOutcome } from '../../pipeline/index.js';
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

/** A summary for a person: the outcome, each fix with its commit, what was dropped and why, what is left. */
export function fixSummary(o: FixOutcome, root: string): string {
  const out = [`outcome: ${o.outcome}`];
  out.push(`check: ${o.validation.check.commands.join(' && ')} (${o.validation.check.reason})`);
  if (o.scope)
    out.push(
      `scope: ${o.scope.files} file(s) changed since ${o.scope.base}; ${o.scope.out_of_scope} finding(s) outside them are listed, not fixed`,
    );
  out.push(
    `before: ${o.validation.before.passed ? 'green' : 'red'}, ${o.validation.before.diagnostics} diagnostic(s); after: ${o.validation.after.passed ? 'green' : 'red'}, ${o.validation.after.diagnostics}`,
  );
  for (const f of o.fixes)
    out.push(
      `  fixed ${f.fixed.length} with ${f.fixer}${f.commit ? ` in ${f.commit.slice(0, 12)}` : ''}: ${f.files.join(', ')}`,
    );
  for (const d of o.dropped) out.push(`  dropped ${d.fixer} (${d.files.join(', ')}): ${d.reason}`);
  const byVerdict = (v: string) => o.remaining.filter((d) => d.fixability === v);
  const model = byVerdict('llm');
  const none = byVerdict('none');
  if (model.length)
    out.push(
      `needs a model (${model.length}):`,
      ...model
        .slice(0, 10)
        .map(
          (d) =>
            `  ${d.location?.path ?? '-'}:${d.location?.range?.start.line ?? ''} ${d.source.name} ${d.code?.value ?? ''} ${d.message.split('\n')[0]}`,
        ),
    );
  if (none.length)
    out.push(
      `not auto-fixable (${none.length}):`,
      ...none
        .slice(0, 10)
        .map((d) => `  ${d.location?.path ?? '-'} ${d.message.split('\n')[0]} — ${d.reason ?? ''}`),
    );
  for (const n of [...o.plan.notes, ...o.notes]) out.push(`note: ${n}`);
  for (const e of o.excerpts ?? [])
    out.push(
      `--- ${e.step}, lines ${e.lines[0]}-${e.lines[1]}: ${e.reason}`,
      ...e.text.slice(0, 20).map((t) => `  ${t}`),
    );
  if (o.branch) out.push(`review mode: the fix commits are on branch ${o.branch}; merge it when you agree`);
  if (o.worktree)
    out.push(
      `uncommitted change left in ${relative(root, o.worktree.dir) || o.worktree.dir}:`,
      o.worktree.diff,
    );
  return `${out.join('\n')}\n`;
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
  const memory =
    deps.model && !options.dryRun
      ? await openLocalMemory(process.env, repo.root, config.memory.share)
      : undefined;
  const outcome = await runFixJob(
    {
      cwd,
      config,
      check: options.check,
      base: options.base,
      logs: options.log,
      ...(memory ? { avoid: memory.avoid, replays: memory.replays } : {}),
      dryRun: options.dryRun ?? false,
      commit: options.commit ?? true,
      checkTimeoutMs: 10 * 60_000,
      fixerTimeoutMs: 5 * 60_000,
    },
    deps,
  );
  await memory?.finish(outcome, repo.head);
  io.stdout.write(
    options.format === 'json' ? `${JSON.stringify(outcome, null, 2)}\n` : fixSummary(outcome, repo.root),
  );
  return outcome.outcome === 'fixed' ? 0 : 1;
}
