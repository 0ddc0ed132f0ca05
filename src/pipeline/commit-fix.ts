import type { Diagnostic } from '../domain/index.js';
import type { FixStep } from '../fixers/index.js';
import { commitMessage } from './commit-message.js';
import { effects, type JobContext, type Learnt } from './job.js';

/**
 * The model-fixable findings with a file, one group per file, in the order found: what the model stage
 * and the replay stage work on, one file at a time.
 */
export function modelGroups(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics)
    if (d.fixability === 'llm' && d.location)
      groups.set(d.location.path, [...(groups.get(d.location.path) ?? []), d]);
  return groups;
}

/**
 * A fix that is no tool's step (a model's, a replay's) committed in the job's worktree, its message
 * written as a step's would be; returns the commit.
 */
export async function commitFix(
  ctx: JobContext,
  learnt: Learnt,
  fix: {
    fixer: string;
    verb: string;
    tool: string;
    files: string[];
    fixed: Diagnostic[];
    memory: Parameters<typeof commitMessage>[4];
  },
): Promise<string> {
  const deps = effects(ctx, learnt);
  const step: FixStep = {
    fixer: fix.fixer,
    commit: { type: 'fix', scope: fix.fixed[0]?.category, verb: fix.verb },
    argv: [],
    tool: fix.tool,
    files: fix.files,
    diagnostics: fix.fixed,
  };
  const message = commitMessage(step, fix.fixed, fix.tool, ctx.input.config.commit.message, fix.memory);
  const sha = await deps.workspace.commitAll(ctx.wt.dir, {
    message,
    author: ctx.input.config.commit.author,
    paths: fix.files,
  });
  await deps.workspace.reset(ctx.wt.dir);
  ctx.emit({ type: 'committed', subject: message.split('\n')[0]! });
  return sha;
}
