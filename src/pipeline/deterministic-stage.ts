import type { Diagnostic } from '../domain/index.js';
import type { FixPlan, FixStep } from '../fixers/index.js';
import { applyStep } from './apply-step.js';
import { askTools } from './ask-tools.js';
import { provideTools, toolsOfFindings } from './pinned-tools.js';
import { judge, type Job } from './job.js';
import { sameFailure } from './finding-moves.js';
import type { CheckRun } from './run-check.js';

/**
 * A dropped step's findings go to the model stage, with the reason: the tool's fix did not hold (a
 * candidate it calls unsafe, a rule it reports but cannot fix, a syntax error), which is the model's
 * work, not a dead end. Findings the job already judged (a protected file: `none`) keep their verdict.
 */
function handOver(job: Job, step: FixStep, reason: string): void {
  for (const d of step.diagnostics) {
    if (job.verdicts.get(sameFailure(d))?.fixability === 'none') continue;
    job.verdicts.set(sameFailure(d), {
      fixability: 'llm',
      reason: `${step.fixer} did not fix it (${step.candidate ? 'the fix the tool calls unsafe did not hold: ' : ''}${reason})`,
    });
  }
}

/** Rounds of plan → apply: a fix can reveal findings a check that stops early had hidden. */
const MAX_ROUNDS = 3;

export function planFor(job: Job, targets: Diagnostic[]): FixPlan {
  return job.deps.planFixes(judge(job, targets), job.input.config.fixers, job.deps.tools(job.wt.dir));
}

/**
 * The deterministic fixers, in rounds: ask the tools what they can fix, plan, apply each step (kept only
 * when validated), then plan again for what the kept fixes revealed. A target a fixer ran on but did not
 * fix is handed to the model stage. Returns the check after the last kept fix, and how many steps ran.
 */
export async function runDeterministicStage(
  job: Job,
  first: Diagnostic[],
  before: CheckRun,
): Promise<{ current: CheckRun; attempted: number }> {
  let current = before;
  let targets = first;
  let attempted = 0;
  const tried = new Set<string>();
  // Later rounds plan only what the fixes revealed, not findings the first plan left out on purpose.
  const known = new Set(before.analysis.diagnostics.map(sameFailure));
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const plan = planFor(job, targets);
    // A tool's fix with the tool not installed (plan.notes says so): the model stage's, not nobody's.
    for (const d of plan.model)
      if (d.fixability === 'deterministic')
        job.verdicts.set(sameFailure(d), {
          fixability: 'llm',
          reason: 'the tool that fixes it is not installed (not in the repository, not on PATH)',
        });
    if (!plan.steps.length) break;
    if (round > 1) job.emit({ type: 'round-planned', round, steps: plan.steps.length });
    for (const step of plan.steps) {
      for (const d of step.diagnostics) tried.add(sameFailure(d));
      attempted++;
      const r = await applyStep(job, step, current);
      if (!r.after) {
        handOver(job, step, r.dropped ?? 'dropped');
        continue;
      }
      current = r.after;
      for (const d of r.unfixed)
        job.verdicts.set(sameFailure(d), {
          fixability: 'llm',
          reason: `${step.fixer} ran on it but did not fix it`,
        });
    }
    targets = current.analysis.diagnostics.filter(
      (d) => !tried.has(sameFailure(d)) && !known.has(sameFailure(d)),
    );
    if (!targets.some((d) => d.fixability !== 'none')) break;
    const { wanted, helpers } = toolsOfFindings(targets);
    await provideTools(job, wanted, helpers);
    await askTools(job, targets);
  }
  return {
    current: {
      ...current,
      analysis: { ...current.analysis, diagnostics: judge(job, current.analysis.diagnostics) },
    },
    attempted,
  };
}
