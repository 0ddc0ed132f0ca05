import { runReplayStage } from './replay-stage.js';
import { AutofixError } from '../domain/index.js';
import type { Analysis, Diagnostic } from '../domain/index.js';
import { analyzeLogs } from '../analyze/analyze-outputs.js';
import { commandText, detectCheck } from '../validate/index.js';
import { askTools } from './ask-tools.js';
import { ignoreBuildOutput } from './build-output.js';
import { planFor, runDeterministicStage } from './deterministic-stage.js';
import type { FixJobDeps, FixJobInput, FixOutcome } from './fix-job.js';
import { checkIn, judge, NOTHING_LEARNT, sawRun, type JobContext, type Learnt } from './job.js';
import { runModelStage } from './model-stage.js';
import { assembleOutcome, emptyReport, mergeReports, startReport, type StageReport } from './outcome.js';
import { provideTools, toolsOfCheck, toolsOfFindings } from './pinned-tools.js';
import { publishLocally } from './publish-locally.js';
import type { CheckRun } from './run-check.js';

/** Every sandboxed command is timed, so the job's own overhead can be told from the tools' time. */
function timed(given: FixJobDeps, timing: FixOutcome['timing']): FixJobDeps {
  return {
    ...given,
    sandbox: {
      backend: given.sandbox.backend,
      run: async (request) => {
        const r = await given.sandbox.run(request);
        timing.commands_ms += r.durationMs;
        timing.commands++;
        return r;
      },
    },
  };
}

/**
 * The fix pipeline (docs/architecture.md, the pipeline) for one repository, as its stages:
 * check → targets → ask the tools → deterministic fixes (in rounds) → model → outcome → local publish.
 * Every fix is made in a separate worktree, run in the sandbox, checked against the safety policy, kept
 * only if the re-run check proves it, and committed on its own; the user's branch moves only when the
 * outcome is `fixed` or `partial`. Each stage takes the job's context and what it learnt so far, and
 * returns what it learnt and its report; the outcome is assembled from the reports at the end.
 */
export async function runFixJob(input: FixJobInput, given: FixJobDeps): Promise<FixOutcome> {
  const started = Date.now();
  const timing = { total_ms: 0, commands_ms: 0, commands: 0 };
  const deps = timed(given, timing);
  const repo = await deps.workspace.repoState(input.cwd);
  if (repo.dirty && !input.dryRun)
    throw new AutofixError(
      'dirty-tree',
      `${repo.root} has uncommitted changes; commit or stash them first (ci-autofix never fixes on top of your work in progress)`,
    );
  const tracked = await deps.workspace.trackedFiles(repo.root);
  const check = await detectCheck(repo.root, { flag: input.check, config: input.config.check }, tracked);
  if (!check)
    throw new AutofixError(
      'no-check',
      'no check command found: pass --check CMD, set `check` in .ci-autofix.yml, or add a justfile `check` recipe',
    );
  const scope = input.base
    ? new Set(await deps.workspace.changedSince(repo.root, input.base, repo.head))
    : undefined;
  const emit: JobContext['emit'] = (event) => deps.progress({ ...event, elapsedMs: Date.now() - started });
  emit({ type: 'check-chosen', commands: check.commands.map(commandText), reason: check.reason });

  const wt = await deps.workspace.createWorktree(repo.root, repo.head);
  let keepWorktree = false;
  try {
    const readable = await deps.workspace.linkDependencies(repo.root, wt.dir);
    await ignoreBuildOutput(deps, wt.dir, tracked);
    const paths = { roots: [repo.root, wt.dir], tracked: new Set(tracked) };
    const ctx: JobContext = { input, deps, repo, check, wt, readable, paths, scope, emit };
    const done = await fixInWorktree(ctx, timing);
    keepWorktree = done.keepWorktree;
    return done.outcome;
  } finally {
    if (!keepWorktree) await wt.remove();
    timing.total_ms = Date.now() - started;
  }
}

interface Start {
  learnt: Learnt;
  before: CheckRun;
  fromLogs: Analysis | undefined;
  targets: Diagnostic[];
  report: StageReport;
}

/**
 * The tools the check runs at their pinned versions, the check, the logs, then the pinned versions of the
 * tools the findings call for (a tool the check ran too means the check runs again).
 */
async function start(ctx: JobContext): Promise<Start> {
  const { input } = ctx;
  const forCheck = await provideTools(ctx, NOTHING_LEARNT, await toolsOfCheck(ctx));
  let before = await checkIn(ctx, forCheck.learnt);
  ctx.emit({ type: 'checked', passed: before.passed, diagnostics: before.analysis.diagnostics.length });
  const fromLogs = input.logs?.length ? await analyzeLogs(input.logs, input.config) : undefined;
  const findings = () => (fromLogs?.diagnostics.length ? fromLogs.diagnostics : before.analysis.diagnostics);
  const checked = sawRun(forCheck.learnt, before);
  const { wanted, helpers } = toolsOfFindings(judge(ctx, checked, findings()));
  const forFixes = await provideTools(ctx, checked, wanted, helpers);
  let learnt = forFixes.learnt;
  if (forFixes.provided.some((t) => before.analysis.diagnostics.some((d) => d.source.name === t))) {
    ctx.emit({ type: 'check-again', tools: forFixes.provided });
    before = await checkIn(ctx, learnt);
    learnt = sawRun(learnt, before);
  }
  const targets = judge(ctx, learnt, findings());
  return { learnt, before, fromLogs, targets, report: mergeReports(forCheck.report, forFixes.report) };
}

/** The stages in the job's worktree, and the outcome they add up to (published locally). */
async function fixInWorktree(
  given: JobContext,
  timing: FixOutcome['timing'],
): Promise<{ outcome: FixOutcome; keepWorktree: boolean }> {
  const s = await start(given);
  const ctx = await recalled(given);
  const { before } = s;
  const begun = startReport({
    check: ctx.check,
    before,
    fromLogs: s.fromLogs,
    targets: s.targets.length,
    ...(ctx.scope ? { scope: { base: ctx.input.base!, files: ctx.scope } } : {}),
  });
  const reports = [s.report, { ...emptyReport(), notes: begun.notes }];
  const base = { check: ctx.check, timing, before, start: begun };
  const stopped = (plan?: FixOutcome['plan']) => ({
    outcome: assembleOutcome({
      ...base,
      after: before,
      ...(plan ? { plan } : {}),
      report: mergeReports(...reports),
      attempted: 0,
      fixing: false,
    }),
    keepWorktree: false,
  });
  if (before.passed && !s.fromLogs) return stopped();
  const learnt = await askTools(ctx, s.learnt, s.targets);
  const plan = planFor(ctx, learnt, s.targets);
  ctx.emit({
    type: 'planned',
    steps: plan.steps.length,
    model: plan.model.length,
    notFixable: plan.notFixable.length,
  });
  const planned: FixOutcome['plan'] = {
    steps: plan.steps.map((st) => ({ fixer: st.fixer, files: st.files, command: st.argv })),
    model: plan.model.length,
    not_fixable: plan.notFixable.length,
    notes: plan.notes,
  };
  if (ctx.input.dryRun) return stopped(planned);

  // Whatever the check left in the worktree (caches, reports) is not the fixers' doing.
  await ctx.deps.workspace.reset(ctx.wt.dir);
  const fixed = await runDeterministicStage(ctx, learnt, s.targets, before);
  const replayed = await runReplayStage(ctx, fixed.learnt, fixed.current);
  const model = await modelStage(ctx, fixed.learnt, replayed.current);
  const after = model.current;
  const diagnostics = judge(ctx, fixed.learnt, after.analysis.diagnostics);
  const outcome = assembleOutcome({
    ...base,
    after: { ...after, analysis: { ...after.analysis, diagnostics } },
    plan: planned,
    report: mergeReports(...reports, fixed.report, replayed.report, model.report),
    attempted: fixed.attempted,
    fixing: true,
  });
  return publishLocally(ctx, outcome);
}

/** The job's context with what the memory recalled while the check ran. */
async function recalled(ctx: JobContext): Promise<JobContext> {
  const { input } = ctx;
  if (!input.recall) return ctx;
  const r = await input.recall;
  const avoid = [...(input.avoid ?? []), ...r.avoid];
  const replays = [...(input.replays ?? []), ...r.replays];
  return { ...ctx, input: { ...input, avoid, replays } };
}

async function modelStage(
  ctx: JobContext,
  learnt: Learnt,
  current: CheckRun,
): Promise<{ current: CheckRun; report: StageReport }> {
  const { deps, input, repo } = ctx;
  const forModel = current.analysis.diagnostics.filter((d) => d.fixability === 'llm' && d.location);
  if (!forModel.length) return { current, report: emptyReport() };
  if (!deps.model)
    return {
      current,
      report: {
        ...emptyReport(),
        notes: [
          `${forModel.length} finding(s) need a model: set ANTHROPIC_API_KEY, or OPENAI_API_KEY (and OPENAI_BASE_URL for Ollama, vLLM, …), or llm.provider in .ci-autofix.yml`,
        ],
      },
    };
  return runModelStage(
    {
      job: ctx,
      learnt,
      model: deps.model,
      spendKey: input.spendKey ?? `${repo.root}#${repo.branch ?? repo.head}`,
      emit: ctx.emit,
    },
    current,
  );
}
