import type { JobJudgement } from '../domain/index.js';
import type { FailedJob, Forge } from '../forge/forge.js';

/** A run whose failed jobs ci-autofix asked GitHub to run again, or could not. */
export interface Rerun {
  run: number;
  jobs: string[];
  /** `rerun`: asked for; `denied`: the credential may not (the reason says what to grant). */
  result: 'rerun' | 'denied';
  reason?: string;
}

/**
 * What to do about the failure, once judged: fix it (something in it is the change's, or re-runs ran
 * out and it failed the same way again), re-run the failed jobs, or only suggest a re-run (`retry.max`
 * is 0). Decided before any clone.
 */
export type RerunDecision =
  | { kind: 'fix'; judged: JobJudgement[] }
  | { kind: 'rerun'; runs: number[]; reason: string; why: string; judged: JobJudgement[] }
  | { kind: 'suggest'; reason: string; judged: JobJudgement[] };

const notTheCode = (j: JobJudgement) => j.verdict === 'infrastructure' || j.verdict === 'flaky';

/**
 * The log's verdicts, with what GitHub and the memory know beyond the log: every failed job passed on
 * this same commit before (an earlier attempt of its run, an earlier run of its workflow), or every test
 * that failed is one seen failing and then passing on one commit before. Either way the code did not
 * cause it — unless the project's own tools report findings: a linter does not flake.
 */
export function withHistory(
  judged: JobJudgement[],
  jobs: FailedJob[],
  knownFlaky: ReadonlySet<string>,
): JobJudgement[] {
  const passed = jobs.length > 0 && jobs.every((j) => j.passedBefore);
  return judged.map((j) => {
    if (notTheCode(j) || j.findings) return j;
    if (passed)
      return {
        ...j,
        verdict: 'flaky',
        reason: `the job passed on the same commit (${jobs.map((f) => `${f.name}: ${f.passedBefore}`).join('; ')}): re-run, not fix`,
      };
    const tests = j.tests ?? [];
    if (j.verdict === 'pr' && tests.length && tests.every((t) => knownFlaky.has(t)))
      return {
        ...j,
        verdict: 'flaky',
        reason: `every failing test failed and then passed on one commit before (${tests.slice(0, 5).join(', ')}): re-run, not fix`,
      };
    return j;
  });
}

/**
 * Re-run when every judged job is the infrastructure's or flaky, at most `retryMax` times per head
 * commit: GitHub's run attempt counts the re-runs already made (by ci-autofix or a person). A job that
 * failed again after them is treated as the change's.
 */
export function decideRerun(judged: JobJudgement[], jobs: FailedJob[], retryMax: number): RerunDecision {
  if (!judged.length || !judged.every(notTheCode)) return { kind: 'fix', judged };
  const why = [...new Set(judged.map((j) => j.reason))].join('; ');
  if (retryMax === 0)
    return {
      kind: 'suggest',
      reason: `re-run suggested, nothing to fix in the code (retry.max is 0): ${why}`,
      judged,
    };
  const fresh = jobs.filter((j) => j.attempt - 1 < retryMax);
  if (fresh.length)
    return {
      kind: 'rerun',
      runs: [...new Set(fresh.map((j) => j.runId))],
      reason: `nothing to fix in the code, re-running the failed job(s): ${why}`,
      why,
      judged,
    };
  const reruns = Math.max(...jobs.map((j) => j.attempt - 1));
  return {
    kind: 'fix',
    judged: judged.map((j) => ({
      ...j,
      verdict: 'pr',
      reason: `failed again after ${reruns} re-run(s) (retry.max: ${retryMax}), so treated as the change's: ${j.reason}`,
    })),
  };
}

/** Asks GitHub to re-run each run's failed jobs; a credential without `actions: write` is told, not fatal. */
export async function rerunRuns(
  forge: Forge,
  repo: string,
  runs: number[],
  jobs: FailedJob[],
): Promise<Rerun[]> {
  const done: Rerun[] = [];
  for (const run of runs) {
    const names = jobs.filter((j) => j.runId === run).map((j) => j.name);
    const r = await forge.rerunFailedJobs(repo, run);
    done.push(
      r.rerun
        ? { run, jobs: names, result: 'rerun' }
        : { run, jobs: names, result: 'denied', reason: r.denied },
    );
  }
  return done;
}

/** The comment's reason once the re-runs were asked for: which, and why; or why not and what to do. */
export function rerunReason(decision: { reason: string; why: string }, reruns: Rerun[]): string {
  const denied = reruns.filter((r) => r.result === 'denied');
  if (!denied.length) return decision.reason;
  return `re-run suggested, nothing to fix in the code (${decision.why}); ci-autofix may not re-run ${denied
    .flatMap((r) => r.jobs)
    .join(', ')} itself: ${denied[0]!.reason ?? ''}`;
}
