import type { Diagnostic, JobEvent } from '../domain/index.js';
import type { Worktree } from '../workspace/index.js';
import { JobBudget, startOfUtcDay, type FixBudget } from './budget.js';
import { ignoreBuildOutput } from './build-output.js';
import { checkIn, effects, safetyIn, type JobContext, type Learnt } from './job.js';
import { addCost, fixWithModel, type ModelAttempt, type ModelDeps, type ModelStepIO } from './model-fixes.js';
import { emptyReport, findingsFixed, findingsOf, type StageReport } from './outcome.js';
import { decide, skipDecision, splitAvoided } from './memory-plan.js';
import { commitFix, modelGroups } from './commit-fix.js';
import { examplesFor } from './memory-replay.js';
import type { CheckRun } from './run-check.js';

export interface ModelStageContext {
  job: JobContext;
  learnt: Learnt;
  model: ModelDeps;
  /** The pull request (or local branch) the spending is charged to. */
  spendKey: string;
  emit(event: JobEvent): void;
}

/**
 * The model stage: what no deterministic fixer covered, one file's findings at a time. Each group is
 * tried by `llm.candidates` attempts (in parallel, each in its own worktree when more than one); the
 * smallest diff that validates is committed. Spending is charged to the ledger for the per-PR and
 * per-day caps. Returns the check run after the last kept fix.
 */
export async function runModelStage(
  ctx: ModelStageContext,
  given: CheckRun,
): Promise<{ current: CheckRun; report: StageReport }> {
  let current = given;
  const { model } = ctx;
  const { input } = ctx.job;
  const deps = effects(ctx.job, ctx.learnt);
  const report: StageReport = {
    ...emptyReport(),
    cost: { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 },
  };
  const groups = modelGroups(current.analysis.diagnostics);
  if (!groups.size) return { current, report };
  const budget = new JobBudget(input.config.llm.budget, {
    pr: (await deps.ledger?.total({ key: ctx.spendKey })) ?? 0,
    day: (await deps.ledger?.total({ since: startOfUtcDay(new Date()) })) ?? 0,
  });
  const client = model.client;
  const strategy =
    client.provider === 'agent-cli'
      ? `agent:${client.name}/${client.model}`
      : `model:${client.provider}/${client.model}`;
  const read = (path: string) => deps.workspace.fileAtHead(ctx.job.wt.dir, path);
  for (const [file, all] of groups) {
    const started = Date.now();
    const split = splitAvoided(all, await findingsOf(all, read), strategy, input.avoid ?? []);
    for (const k of split.skipped) decide(ctx.job, report, skipDecision({ ...k, strategy }));
    const { tryThese: group, theirFindings: findings } = split;
    if (!group.length) continue;
    const examples = examplesFor(findings, input.replays ?? []);
    for (const e of examples)
      decide(ctx.job, report, {
        decision: 'example',
        strategy,
        signature: e.signature,
        path: file,
        reason: `the accepted fix ${e.commit.slice(0, 7)} is shown to the model as an example`,
      });
    const fixBudget = budget.forFix();
    const shown = examples.flatMap((e) => e.edits);
    const { attempt, tried, validated } = await attemptGroup(ctx, group, current, fixBudget, shown);
    addCost(report.cost!, attempt.cost);
    if (attempt.cost.requests)
      await deps.ledger?.record({
        at: new Date().toISOString(),
        key: ctx.spendKey,
        usd: attempt.cost.usd,
        model: model.client.model,
        requests: attempt.cost.requests,
        input_tokens: attempt.cost.input_tokens,
        output_tokens: attempt.cost.output_tokens,
      });
    const aTry = { strategy, findings, cost: attempt.cost, ms: Date.now() - started };
    if (!attempt.kept) {
      report.dropped.push({ fixer: 'model', files: [file], reason: attempt.reason });
      report.tried.push({ ...aTry, kept: false, reason: attempt.reason });
      continue;
    }
    const tool = toolLabel(ctx, attempt, tried, validated);
    const sha = await commitFix(ctx.job, ctx.learnt, {
      fixer: 'model',
      verb: 'fix {n} finding(s) with a model ({codes})',
      tool,
      files: attempt.files,
      fixed: attempt.fixed,
      memory: { strategy, findings: findingsFixed(attempt.fixed, group, findings) },
    });
    report.fixes.push({ fixer: 'model', tool, files: attempt.files, fixed: attempt.fixed, commit: sha });
    report.tried.push({ ...aTry, kept: true, commit: sha, patch: attempt.patch });
    current = attempt.after;
  }
  return { current, report };
}

type KeptAttempt = Extract<ModelAttempt, { kept: true }>;

/** What the commit says made the fix: the client, its cost, and the candidates when several ran. */
function toolLabel(ctx: ModelStageContext, attempt: KeptAttempt, tried: number, validated: number): string {
  const client = ctx.model.client;
  const who =
    client.provider === 'agent-cli'
      ? `${client.name} (${client.model})`
      : `${client.provider} ${client.model}`;
  const c = attempt.cost;
  const candidates =
    tried > 1
      ? `; ${validated} of ${tried} candidates validated, the smallest diff (${attempt.size} lines) kept`
      : '';
  return `${who}: ${c.requests} request(s), ${c.input_tokens} input + ${c.output_tokens} output tokens, $${c.usd.toFixed(4)}${candidates}`;
}

function stepIO(
  ctx: ModelStageContext,
  dir: string,
  readable: string[],
  label: string,
  examples: ModelStepIO['examples'] = [],
): ModelStepIO {
  const { input } = ctx.job;
  const deps = effects(ctx.job, ctx.learnt);
  return {
    dir,
    readable,
    config: input.config,
    changes: () => deps.workspace.worktreeChanges(dir),
    safety: (files, patch, targets) => safetyIn(ctx.job, dir, { author: 'model', targets })(files, patch),
    check: () => checkIn(ctx.job, ctx.learnt, dir, readable),
    reset: () => deps.workspace.reset(dir),
    applyPatch: (patch) => deps.workspace.applyPatch(dir, patch),
    examples,
    emit: (event) => ctx.emit(label && 'label' in event ? { ...event, label } : event),
  };
}

/** One group, by one attempt in the job's worktree, or by several candidates in worktrees of their own. */
async function attemptGroup(
  ctx: ModelStageContext,
  group: Diagnostic[],
  current: CheckRun,
  budget: FixBudget,
  examples: ModelStepIO['examples'] = [],
): Promise<{ attempt: ModelAttempt; tried: number; validated: number }> {
  const n = ctx.job.input.config.llm.candidates;
  if (n === 1) {
    const attempt = await fixWithModel(
      group,
      current,
      stepIO(ctx, ctx.job.wt.dir, ctx.job.readable, '', examples),
      ctx.model,
      budget,
    );
    return { attempt, tried: 1, validated: attempt.kept ? 1 : 0 };
  }
  const deps = effects(ctx.job, ctx.learnt);
  const head = await deps.workspace.headOf(ctx.job.wt.dir);
  const worktrees: Worktree[] = [];
  try {
    for (let i = 0; i < n; i++) worktrees.push(await deps.workspace.createWorktree(ctx.job.repo.root, head));
    const settled = await Promise.allSettled(
      worktrees.map(async (wt, i) => {
        const readable = await deps.workspace.linkDependencies(ctx.job.repo.root, wt.dir);
        await ignoreBuildOutput(deps, wt.dir, ctx.job.paths.tracked);
        return fixWithModel(
          group,
          current,
          stepIO(ctx, wt.dir, readable, `candidate ${i + 1}/${n}`, examples),
          ctx.model,
          budget,
        );
      }),
    );
    const attempts = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (!attempts.length) throw (settled[0] as PromiseRejectedResult).reason;
    const cost = { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 };
    for (const a of attempts) addCost(cost, a.cost);
    const kept = attempts.flatMap((a) => (a.kept ? [a] : []));
    const best = kept.sort((a, b) => a.size - b.size)[0];
    if (!best) {
      const reasons = [...new Set(attempts.map((a) => (a.kept ? '' : a.reason)))];
      return {
        attempt: {
          kept: false,
          reason: `none of ${n} candidates validated: ${reasons.join(' | ')}`,
          cost,
          iterations: Math.max(...attempts.map((a) => a.iterations)),
        },
        tried: n,
        validated: 0,
      };
    }
    // The winner's diff was validated on this same commit: carried over as is.
    await deps.workspace.applyPatch(ctx.job.wt.dir, best.patch);
    return { attempt: { ...best, cost }, tried: n, validated: kept.length };
  } finally {
    await Promise.all(worktrees.map((wt) => wt.remove()));
  }
}
