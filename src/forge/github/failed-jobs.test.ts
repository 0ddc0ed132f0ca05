import { describe, expect, it } from 'vitest';
import { failedJobsOf, newestRuns } from './failed-jobs.js';

const run = (id: number, conclusion: string, workflow_id = 7) => ({
  id,
  name: 'CI',
  workflow_id,
  conclusion,
  html_url: `https://x/${id}`,
});
const job = (id: number, name: string, conclusion: string, run_attempt: number) => ({
  id,
  name,
  conclusion,
  html_url: null,
  run_attempt,
  steps: [{ name: 'Run tests', conclusion }],
});

describe('the failed jobs of a head commit', () => {
  it("keeps each workflow's newest run, and only when it failed", () => {
    const { newest, older } = newestRuns([run(1, 'success'), run(3, 'failure'), run(2, 'failure', 8)]);
    expect(newest.map((r) => r.id)).toEqual([3, 2]);
    expect(older.map((r) => r.id)).toEqual([1]);
    expect(newestRuns([run(1, 'failure'), run(3, 'success')]).newest).toEqual([]);
  });

  it("reads the latest attempt's failures, and where the same job passed before on the commit", () => {
    const jobs = [job(1, 'test', 'success', 1), job(2, 'lint', 'failure', 1), job(3, 'test', 'failure', 2)];
    const failed = failedJobsOf(run(5, 'failure'), jobs, []);
    expect(failed).toEqual([
      expect.objectContaining({ jobId: 3, name: 'test', attempt: 2, passedBefore: 'attempt 1 of run 5' }),
    ]);
    expect(failed[0]!.failedSteps).toEqual(['Run tests']);
    // A first attempt that failed, after an earlier run of the same workflow passed on this commit.
    const again = failedJobsOf(run(5, 'failure'), [job(4, 'test', 'failure', 1)], [run(2, 'success')]);
    expect(again[0]!.passedBefore).toBe('run 2 of the same workflow');
    expect(
      failedJobsOf(run(5, 'failure'), [job(4, 'test', 'failure', 1)], [run(2, 'success', 9)])[0],
    ).not.toHaveProperty('passedBefore');
  });
});
