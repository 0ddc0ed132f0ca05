import type { Diagnostic } from '../domain/index.js';
import { planFixes, type FixPlan, type FixStep } from '../fixers/index.js';
import { applyStep, strategyOf } from './apply-step.js';
import { askTools } from './ask-tools.js';
import { provideTools, toolsOfFindings } from './pinned-tools.js';
import { effects, judge, withVerdicts, type JobContext, type Learnt, type LearntVerdict } from './job.js';
import { sameFailure } from './finding-moves.js';
import { mergeReports, type StageReport } from './outcome.js';
import { skipReport, skipsIn, type Skip } from './memory-plan.js';
import type { CheckRun } from './run-check.js';

/**
 * A dropped step's findings go to the model stage, with the reason: the tool's fix did not hold (a
 * candidate it calls unsafe, a rule it reports but cannot fix, a syntax error), which is the model's
 * work, not a dead end. Findings the job already judged (a protected file: `none`) keep their verdict.
 */
function handOver(learnt: Learnt, step: FixStep, reason: string): Array<[Diagnostic, LearntVerdict]> {
  return step.diagnostics
    .filter((d) => learnt.verdicts.get(sameFailure(d))?.fixability !== 'none')
    .map((d) => [
      d,
      {
        fixability: 'llm',
        reason: `${step.fixer} did not fix it (${step.candidate ? 'the fix the tool calls unsafe did not hold: ' : ''}${reason})`,
      },
    ]);
}

/**
 * The plan without what the memory says not to try: a fixer the memory rules out for a finding passes it
 * over, so the next fixer that applies may claim it, and one no fixer may fix goes to the model, with the
 * reason.
 */
async function planAvoiding(
  ctx: JobContext,
  given: Learnt,
  targets: Diagnostic[],
): Promise<{ plan: FixPlan; learnt: Learnt; skips: Skip[] }> {
  const passed = new Set<string>();
  const passOver = (d: Diagnostic, fixer: string) => passed.has(`${fixer}\0${sameFailure(d)}`);
  const skips: Skip[] = [];
  let plan = planFor(ctx, given, targets);
  // Each file at HEAD is read once, whatever the passes.
  const files = new Map<string, Promise<string | undefined>>();
  const read = (path: string) => {
    if (!files.has(path)) files.set(path, effects(ctx, given).workspace.fileAtHead(ctx.wt.dir, path));
    return files.get(path)!;
  };
  // Each pass rules out at least one fixer for a finding: it ends within fixers × findings passes.
  for (;;) {
    const more = await skipsIn(
      plan.steps.map((s) => ({ strategy: strategyOf(s), diagnostics: s.diagnostics })),
      ctx.input.avoid ?? [],
      read,
    );
    if (!more.length) break;
    skips.push(...more);
    for (const s of more) passed.add(`${fixerOf(s.strategy)}\0${sameFailure(s.diagnostic)}`);
    plan = planFor(ctx, given, targets, passOver);
  }
  const toModel = new Set(plan.model.map(sameFailure));
  const left = skips.filter((s) => toModel.has(sameFailure(s.diagnostic)));
  if (!left.length) return { plan, learnt: given, skips };
  const learnt = withVerdicts(
    given,
    left.map((s) => [
      s.diagnostic,
      { fixability: 'llm', reason: `${s.rule.reason}: ${s.strategy} is not tried again` },
    ]),
  );
  return { plan: planFor(ctx, learnt, targets, passOver), learnt, skips };
}

/** The fixer of a deterministic strategy (`tool:<fixer>`, `unsafe:<fixer>`). */
const fixerOf = (strategy: string) => strategy.slice(strategy.indexOf(':') + 1);

/** Rounds of plan → apply: a fix can reveal findings a check that stops early had hidden. */
const MAX_ROUNDS = 3;

export function planFor(
  ctx: JobContext,
  learnt: Learnt,
  targets: Diagnostic[],
  passOver?: (d: Diagnostic, fixer: string) => boolean,
): FixPlan {
  const deps = effects(ctx, learnt);
  const ds = judge(ctx, learnt, targets);
  return planFixes(ds, ctx.input.config.fixers, deps.tools(ctx.wt.dir), passOver);
}

export interface DeterministicResult {
  /** The check after the last kept fix, judged with all the job learnt. */
  current: CheckRun;
  /** How many fix steps ran. */
  attempted: number;
  learnt: Learnt;
  report: StageReport;
}

/**
 * The deterministic fixers, in rounds: plan, apply each step (kept only when validated), then provide
 * and ask the tools for what the kept fixes revealed, and plan again. A target a fixer ran on but did not
 * fix is handed to the model stage.
 */
export async function runDeterministicStage(
  ctx: JobContext,
  given: Learnt,
  first: Diagnostic[],
  before: CheckRun,
): Promise<DeterministicResult> {
  let learnt = given;
  let current = before;
  let targets = first;
  let attempted = 0;
  const reports: StageReport[] = [];
  const tried = new Set<string>();
  // Later rounds plan only what the fixes revealed, not findings the first plan left out on purpose.
  const known = new Set(before.analysis.diagnostics.map(sameFailure));
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const avoiding = await planAvoiding(ctx, learnt, targets);
    const { plan, skips } = avoiding;
    learnt = avoiding.learnt;
    if (skips.length) reports.push(skipReport(ctx, skips));
    // A tool's fix with the tool not installed (plan.notes says so): the model stage's, not nobody's.
    learnt = withVerdicts(
      learnt,
      plan.model
        .filter((d) => d.fixability === 'deterministic')
        .map((d) => [
          d,
          {
            fixability: 'llm',
            reason: 'the tool that fixes it is not installed (not in the repository, not on PATH)',
          },
        ]),
    );
    if (!plan.steps.length) break;
    if (round > 1) ctx.emit({ type: 'round-planned', round, steps: plan.steps.length });
    for (const step of plan.steps) {
      for (const d of step.diagnostics) tried.add(sameFailure(d));
      attempted++;
      const r = await applyStep(ctx, learnt, step, current, skips);
      reports.push(r.report);
      learnt = r.learnt;
      if (!r.after) {
        learnt = withVerdicts(learnt, handOver(learnt, step, r.dropped ?? 'dropped'));
        continue;
      }
      current = r.after;
      learnt = withVerdicts(
        learnt,
        r.unfixed.map((d) => [
          d,
          { fixability: 'llm', reason: `${step.fixer} ran on it but did not fix it` },
        ]),
      );
    }
    targets = current.analysis.diagnostics.filter(
      (d) => !tried.has(sameFailure(d)) && !known.has(sameFailure(d)),
    );
    if (!targets.some((d) => d.fixability !== 'none')) break;
    const { wanted, helpers } = toolsOfFindings(targets);
    const tools = await provideTools(ctx, learnt, wanted, helpers);
    reports.push(tools.report);
    learnt = await askTools(ctx, tools.learnt, targets);
  }
  const diagnostics = judge(ctx, learnt, current.analysis.diagnostics);
  return {
    current: { ...current, analysis: { ...current.analysis, diagnostics } },
    attempted,
    learnt,
    report: mergeReports(...reports),
  };
}
