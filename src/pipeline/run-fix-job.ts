import { AutofixError } from '../domain/index.js';
import type { Analysis } from '../domain/index.js';
import { commandText } from '../validate/index.js';
import { askTools } from './ask-tools.js';
import { planFor, runDeterministicStage } from './deterministic-stage.js';
import type { FixJobDeps, FixJobInput, FixOutcome, FixOutcomeKind } from './fix-job.js';
import { checkIn, judge, type Job } from './job.js';
import { runModelStage } from './model-stage.js';
import { provideTools, toolsOfCheck, toolsOfFindings, withTools } from './pinned-tools.js';
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
 * outcome is `fixed` or `partial`.
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
  const check = await deps.detectCheck(repo.root, { flag: input.check, config: input.config.check }, tracked);
  if (!check)
    throw new AutofixError(
      'no-check',
      'no check command found: pass --check CMD, set `check` in .ci-autofix.yml, or add a justfile `check` recipe',
    );
  const scope = input.base
    ? new Set(await deps.workspace.changedSince(repo.root, input.base, repo.head))
    : undefined;
  const emit: Job['emit'] = (event) => deps.progress({ ...event, elapsedMs: Date.now() - started });
  emit({ type: 'check-chosen', commands: check.commands.map(commandText), reason: check.reason });

  const wt = await deps.workspace.createWorktree(repo.root, repo.head);
  let keepWorktree = false;
  try {
    const readable = await deps.workspace.linkDependencies(repo.root, wt.dir);
    const toolDirs: string[] = [];
    const job: Job = {
      input,
      deps: withTools(deps, toolDirs),
      repo,
      check,
      wt,
      readable,
      paths: { roots: [repo.root, wt.dir], tracked: new Set(tracked) },
      scope,
      verdicts: new Map(),
      toolDirs,
      toolsConsidered: new Set(),
      seen: new Set(),
      outcome: emptyOutcome(check, timing),
      emit,
    };
    // The pinned versions of the tools the check runs, before it runs.
    await provideTools(job, await toolsOfCheck(job));
    let before = await checkIn(job);
    emit({ type: 'checked', passed: before.passed, diagnostics: before.analysis.diagnostics.length });
    const fromLogs = input.logs?.length ? await deps.analyzeLogs(input.logs, input.config) : undefined;
    const findings = () =>
      fromLogs?.diagnostics.length ? fromLogs.diagnostics : before.analysis.diagnostics;
    // Then those of the fixers the findings call for; a tool the check ran too means the check runs again.
    const { wanted, helpers } = toolsOfFindings(judge(job, findings()));
    const added = await provideTools(job, wanted, helpers);
    if (added.some((t) => before.analysis.diagnostics.some((d) => d.source.name === t))) {
      emit({ type: 'check-again', tools: added });
      before = await checkIn(job);
    }
    const targets = judge(job, findings());
    describeStart(job, before, fromLogs, targets.length);
    if (before.passed && !fromLogs) return job.outcome;
    await askTools(job, targets);
    const plan = planFor(job, targets);
    job.outcome.plan = {
      steps: plan.steps.map((s) => ({ fixer: s.fixer, files: s.files, command: s.argv })),
      model: plan.model.length,
      not_fixable: plan.notFixable.length,
      notes: plan.notes,
    };
    emit({
      type: 'planned',
      steps: plan.steps.length,
      model: plan.model.length,
      notFixable: plan.notFixable.length,
    });
    if (input.dryRun) return job.outcome;

    // Whatever the check left in the worktree (caches, reports) is not the fixers' doing.
    await deps.workspace.reset(wt.dir);
    const { current: afterFixers, attempted } = await runDeterministicStage(job, targets, before);
    const current = await modelStage(job, afterFixers);
    finish(job, current, attempted);
    keepWorktree = await publishLocally(job);
    return job.outcome;
  } finally {
    if (!keepWorktree) await wt.remove();
    timing.total_ms = Date.now() - started;
  }
}

function emptyOutcome(
  check: NonNullable<Awaited<ReturnType<FixJobDeps['detectCheck']>>>,
  timing: FixOutcome['timing'],
): FixOutcome {
  return {
    outcome: 'nothing-to-fix',
    fixes: [],
    dropped: [],
    commits: [],
    validation: {
      check: {
        source: check.source,
        reason: check.reason,
        commands: check.commands.map(commandText),
        ...(check.stopsEarly ? { stops_early: check.stopsEarly } : {}),
      },
      before: { passed: true, diagnostics: 0 },
      after: { passed: true, diagnostics: 0 },
    },
    remaining: [],
    plan: { steps: [], model: 0, not_fixable: 0, notes: [] },
    cost: { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 },
    timing,
    notes: [],
  };
}

/** What the job starts from, in the outcome: the check's result, the scope, and what explains a bare red. */
function describeStart(job: Job, before: CheckRun, fromLogs: Analysis | undefined, targets: number): void {
  const o = job.outcome;
  const n = before.analysis.diagnostics.length;
  o.validation.before = { passed: before.passed, diagnostics: n };
  o.validation.after = { passed: before.passed, diagnostics: n };
  o.remaining = before.analysis.diagnostics;
  if (job.scope)
    o.scope = {
      base: job.input.base!,
      files: job.scope.size,
      out_of_scope: o.remaining.filter((d) => d.location && !job.scope!.has(d.location.path)).length,
    };
  if (job.check.stopsEarly && !before.passed)
    o.notes.push(
      `${job.check.stopsEarly}: findings of later tools may have been hidden; ci-autofix plans again after each fix`,
    );
  if (targets === 0 && (!before.passed || fromLogs)) {
    const source = fromLogs?.excerpts.length ? fromLogs : before.analysis;
    o.excerpts = source.excerpts.slice(0, 5).map((e) => ({
      step: e.step,
      lines: e.lines,
      reason: e.reason,
      text: e.text.map(([, t]) => t),
    }));
    o.notes.push(
      `the ${fromLogs ? 'logs show' : 'check failed with'} no finding that ci-autofix recognises (an unknown tool, a crash, a missing program?)${o.excerpts.length ? '; the lines that explain the failure follow' : ''}`,
    );
  }
}

async function modelStage(job: Job, current: CheckRun): Promise<CheckRun> {
  const { deps, outcome, input, repo } = job;
  const forModel = current.analysis.diagnostics.filter((d) => d.fixability === 'llm' && d.location);
  if (!forModel.length) return current;
  if (!deps.model) {
    outcome.notes.push(
      `${forModel.length} finding(s) need a model: set ANTHROPIC_API_KEY, or OPENAI_API_KEY (and OPENAI_BASE_URL for Ollama, vLLM, …), or llm.provider in .ci-autofix.yml`,
    );
    return current;
  }
  return runModelStage(
    {
      job,
      model: deps.model,
      spendKey: input.spendKey ?? `${repo.root}#${repo.branch ?? repo.head}`,
      emit: job.emit,
    },
    current,
  );
}

function finish(job: Job, current: CheckRun, attempted: number): void {
  const o = job.outcome;
  o.validation.after = { passed: current.passed, diagnostics: current.analysis.diagnostics.length };
  o.remaining = judge(job, current.analysis.diagnostics);
  const kind: FixOutcomeKind = o.fixes.length
    ? current.passed
      ? 'fixed'
      : 'partial'
    : attempted
      ? 'validation-failed'
      : 'not-fixable';
  o.outcome = kind;
}
