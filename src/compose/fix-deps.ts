import { join } from 'node:path';
import type { RepoConfig } from '../config/index.js';
import type { JobEvent } from '../domain/index.js';
import { repositoryTools } from '../fixers/index.js';
import { applyEdits, initSyntax } from '../llm/index.js';
import type { FixJobDeps } from '../pipeline/index.js';
import { chooseSandbox, type Sandbox } from '../sandbox/index.js';
import { toolEnv } from '../tools/index.js';
// Not store/index.js: that also loads the service's database drivers, which the Action's bundle must not carry.
import { defaultStateDir, FileSpendLedger } from '../store/file-spend-ledger.js';
import { defaultToolCache, Toolchain } from '../toolchain/index.js';
import * as workspace from '../workspace/index.js';
import { chooseModel, modelDeps } from './choose-model.js';

export type SandboxKind = 'auto' | 'bwrap' | 'local';

/**
 * The fix job's dependencies, the concrete adapters (docs/architecture.md: the composition root wires
 * them): the sandbox, git, the fixers, the model when a provider is configured, the spend ledger and the
 * pinned tools. What the job reports, notes about this machine included, goes to `events`.
 */
export async function fixJobDeps(o: {
  config: RepoConfig;
  sandbox?: SandboxKind;
  events: (e: JobEvent & { elapsedMs: number }) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<FixJobDeps> {
  const env = o.env ?? process.env;
  const note = (message: string) => o.events({ type: 'note', level: 'info', message, elapsedMs: 0 });
  const chosen = await chooseSandbox(o.sandbox ?? o.config.sandbox, note);
  // What the tools' programs need in there (rustup's home), on every command; a request's own win.
  const extra = toolEnv(env);
  const sandbox: Sandbox = Object.keys(extra).length
    ? { backend: chosen.backend, run: (r) => chosen.run({ ...r, env: { ...extra, ...r.env } }) }
    : chosen;
  // One per job: it remembers each worktree's last check.
  const edits = new workspace.EditClock();
  const deps: FixJobDeps = {
    sandbox,
    workspace: {
      ...workspace,
      reset: workspace.resetWorktree,
      beforeCheck: (dir) => edits.beforeCheck(dir),
    },
    applyEdits,
    tools: repositoryTools,
    progress: o.events,
  };
  const client = chooseModel(o.config, env, sandbox);
  if (client) {
    // The parsers that keep the model's excerpts to whole statements start here, once, so that building
    // a request's context stays synchronous; without them it falls back to windows of lines.
    if (!(await initSyntax()))
      note(
        'tree-sitter did not load (all its grammars): files without one are shown to the model as windows of lines, not whole statements',
      );
    deps.model = modelDeps(client, env);
  }
  deps.ledger = new FileSpendLedger(join(defaultStateDir(env), 'spend.jsonl'));
  // The repository's pinned tool versions (pre-commit revs, requirements, lockfiles), unless switched off.
  if (env.CI_AUTOFIX_PINNED_TOOLS !== '0') deps.toolchain = new Toolchain(defaultToolCache(env));
  return deps;
}
