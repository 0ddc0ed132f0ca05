import { join, relative } from 'node:path';
import type { Writable } from 'node:stream';
import { LogAnalyzer } from '../../analyze/log-analyzer.js';
import { readInput } from '../../analyze/read-inputs.js';
import { CONFIG_FILE, loadConfig, type RepoConfig } from '../../config/index.js';
import { AutofixError } from '../../domain/index.js';
import { planFixes, repositoryTools } from '../../fixers/index.js';
import { initSyntax } from '../../llm/index.js';
import { runFixJob, type FixJobDeps, type FixOutcome, type ProgressEvent } from '../../pipeline/index.js';
import { chooseSandbox } from '../../sandbox/index.js';
import { checkSafety, detectCheck } from '../../validate/index.js';
import * as workspace from '../../workspace/index.js';
// Not store/index.js: that also loads the service's database drivers, which the Action's bundle must not carry.
import { defaultStateDir, FileSpendLedger } from '../../store/file-spend-ledger.js';
import { defaultToolCache, Toolchain } from '../../toolchain/index.js';
import { chooseModel, modelDeps } from '../choose-model.js';

export interface FixCliOptions {
  cwd?: string;
  log?: string[];
  check?: string;
  base?: string;
  config?: string;
  dryRun?: boolean;
  commit?: boolean;
  format: string;
  sandbox?: 'auto' | 'bwrap' | 'local';
}

function analyzeOutputs(
  outputs: Array<{ label: string; text: string }>,
  config: RepoConfig,
  workspace: string,
) {
  const analyzer = new LogAnalyzer({ triage: config, workspace });
  for (const o of outputs) {
    analyzer.begin(o.label, { step: o.label });
    analyzer.write(Buffer.from(o.text));
    analyzer.end();
  }
  return analyzer.finish();
}

async function analyzeLogs(paths: string[], config: RepoConfig) {
  const analyzer = new LogAnalyzer({ triage: config });
  for (const p of paths) await readInput(p, analyzer);
  return analyzer.finish();
}

/** Progress on stderr: elapsed time, stage, message and up to four files. */
export function progressPrinter(stream: NodeJS.WriteStream | Writable): (e: ProgressEvent) => void {
  return (e) => {
    const files = e.files?.length
      ? ` [${e.files.slice(0, 4).join(', ')}${e.files.length > 4 ? ', …' : ''}]`
      : '';
    stream.write(
      `[${(e.elapsedMs / 1000).toFixed(1).padStart(5)}s] ${e.stage.padEnd(8)} ${e.message}${files}\n`,
    );
  };
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

/**
 * The fix job's dependencies, the concrete adapters (docs/architecture.md: cli wires them): the sandbox,
 * git, the fixers, the model when a provider is configured, the spend ledger and the pinned tools.
 */
export async function fixJobDeps(
  config: RepoConfig,
  sandboxKind: FixCliOptions['sandbox'],
  stderr: Writable,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FixJobDeps> {
  const sandbox = await chooseSandbox(sandboxKind ?? config.sandbox, (m) => stderr.write(`note: ${m}\n`));
  const deps: FixJobDeps = {
    sandbox,
    workspace: { ...workspace, reset: workspace.resetWorktree },
    detectCheck,
    checkSafety,
    planFixes,
    tools: repositoryTools,
    analyzeOutputs,
    analyzeLogs,
    progress: progressPrinter(stderr),
  };
  const client = chooseModel(config, env, sandbox);
  if (client) {
    // The parsers that keep the model's excerpts to whole statements start here, once, so that building
    // a request's context stays synchronous; without them it falls back to windows of lines.
    if (!(await initSyntax()))
      stderr.write(
        'note: tree-sitter did not load (all its grammars): files without one are shown to the model as windows of lines, not whole statements\n',
      );
    deps.model = modelDeps(client, env);
  }
  deps.ledger = new FileSpendLedger(join(defaultStateDir(env), 'spend.jsonl'));
  // The repository's pinned tool versions (pre-commit revs, requirements, lockfiles), unless switched off.
  if (env.CI_AUTOFIX_PINNED_TOOLS !== '0') deps.toolchain = new Toolchain(defaultToolCache(env));
  return deps;
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
  const deps = await fixJobDeps(config, options.sandbox, io.stderr);
  const outcome = await runFixJob(
    {
      cwd,
      config,
      check: options.check,
      base: options.base,
      logs: options.log,
      dryRun: options.dryRun ?? false,
      commit: options.commit ?? true,
      checkTimeoutMs: 10 * 60_000,
      fixerTimeoutMs: 5 * 60_000,
    },
    deps,
  );
  io.stdout.write(
    options.format === 'json' ? `${JSON.stringify(outcome, null, 2)}\n` : fixSummary(outcome, repo.root),
  );
  return outcome.outcome === 'fixed' ? 0 : 1;
}
