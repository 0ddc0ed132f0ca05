import type { Diagnostic } from '../domain/index.js';
import type { FixPlan } from '../fixers/index.js';
import { applyStep } from './apply-step.js';
import { askTools } from './ask-tools.js';
import { provideTools, toolsOfFindings } from './pinned-tools.js';
import { judge, type Job } from './job.js';
import { sameFailure } from './finding-moves.js';
import type { CheckRun } from './run-check.js';

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
    if (!plan.steps.length) break;
    if (round > 1)
      job.progress(
        'plan',
        `round ${round}: ${plan.steps.length} more fix step(s) for what the fixes revealed`,
      );
    for (const step of plan.steps) {
      for (const d of step.diagnostics) tried.add(sameFailure(d));
      attempted++;
      const r = await applyStep(job, step, current);
      if (!r.after && step.candidate)
        // The candidate did not hold: the model stage gets its findings, with the reason.
        for (const d of step.diagnostics)
          job.verdicts.set(sameFailure(d), {
            fixability: 'llm',
            reason: `${step.fixer}: the fix the tool calls unsafe did not hold`,
          });
      if (!r.after) continue;
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
