import type { FailedJob } from '../forge.js';

const FAILED = new Set(['failure', 'timed_out']);

/** What this reads of a workflow run and of a job, as the REST API answers them. */
export interface RunFacts {
  id: number;
  name?: string | null;
  workflow_id: number;
  conclusion: string | null;
  html_url: string;
}
export interface JobFacts {
  id: number;
  name: string;
  conclusion: string | null;
  html_url: string | null;
  run_attempt?: number;
  steps?: Array<{ name: string; conclusion: string | null }>;
}

/** The newest run of each workflow counts: an older one was superseded (a re-run, a re-push). */
export function newestRuns<R extends RunFacts>(runs: R[]): { newest: R[]; older: R[] } {
  const newest = new Map<number, R>();
  for (const r of runs) {
    const seen = newest.get(r.workflow_id);
    if (!seen || r.id > seen.id) newest.set(r.workflow_id, r);
  }
  const kept = new Set(newest.values());
  return {
    newest: [...kept].filter((r) => FAILED.has(r.conclusion ?? '')),
    older: runs.filter((r) => !kept.has(r)),
  };
}

/**
 * The failed jobs of a run's latest attempt, from its jobs of every attempt (`filter=all`, one request
 * as for the latest alone): a job that passed in an earlier attempt of the run, or whose workflow passed
 * in an earlier run of the same commit, says so in `passedBefore`.
 */
export function failedJobsOf(run: RunFacts, jobs: JobFacts[], olderRuns: RunFacts[]): FailedJob[] {
  const attempt = Math.max(1, ...jobs.map((j) => j.run_attempt ?? 1));
  const greenRun = olderRuns.find((r) => r.workflow_id === run.workflow_id && r.conclusion === 'success');
  const failed: FailedJob[] = [];
  for (const j of jobs) {
    if ((j.run_attempt ?? 1) !== attempt || !FAILED.has(j.conclusion ?? '')) continue;
    const passedIn = jobs.find(
      (o) => o.name === j.name && o.conclusion === 'success' && (o.run_attempt ?? 1) < attempt,
    );
    const passedBefore = passedIn
      ? `attempt ${passedIn.run_attempt ?? 1} of run ${run.id}`
      : greenRun
        ? `run ${greenRun.id} of the same workflow`
        : undefined;
    failed.push({
      runId: run.id,
      workflowId: run.workflow_id,
      runName: run.name ?? `run ${run.id}`,
      jobId: j.id,
      name: j.name,
      url: j.html_url ?? run.html_url,
      failedSteps: (j.steps ?? []).filter((s) => FAILED.has(s.conclusion ?? '')).map((s) => s.name),
      attempt,
      ...(passedBefore ? { passedBefore } : {}),
    });
  }
  return failed;
}
