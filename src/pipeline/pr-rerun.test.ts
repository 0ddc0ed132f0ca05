import { describe, expect, it } from 'vitest';
import type { JobJudgement } from '../domain/index.js';
import type { FailedJob } from '../forge/forge.js';
import { decideRerun, rerunReason, withHistory } from './pr-rerun.js';

const job = (o: Partial<FailedJob> = {}): FailedJob => ({
  runId: 1,
  workflowId: 7,
  runName: 'CI',
  jobId: 10,
  name: 'test',
  url: 'https://x',
  failedSteps: [],
  attempt: 1,
  ...o,
});
const judged = (o: Partial<JobJudgement>): JobJudgement => ({
  job: 'test',
  verdict: 'pr',
  reason: 'r',
  evidence: [],
  ...o,
});

describe('judging a failure with its history', () => {
  it('a job that passed on the same commit is flaky, unless its own tools report findings', () => {
    const passed = [job({ passedBefore: 'attempt 1 of run 1' })];
    const tests = judged({ findings: 0, tests: ['t::a'] });
    expect(withHistory([tests], passed, new Set())[0]).toMatchObject({ verdict: 'flaky', tests: ['t::a'] });
    expect(withHistory([judged({ findings: 2 })], passed, new Set())[0]!.verdict).toBe('pr');
    // Only when every failed job passed before: one that never did may be the change's.
    expect(withHistory([tests], [...passed, job({ jobId: 11 })], new Set())[0]!.verdict).toBe('pr');
  });

  it('failing tests are flaky when every one of them is known flaky', () => {
    const j = judged({ findings: 0, tests: ['t::a', 't::b'] });
    expect(withHistory([j], [job()], new Set(['t::a', 't::b']))[0]!.verdict).toBe('flaky');
    expect(withHistory([j], [job()], new Set(['t::a']))[0]!.verdict).toBe('pr');
  });
});

describe('deciding to re-run', () => {
  const infra = judged({ verdict: 'infrastructure', reason: 'the runner lost its network' });

  it('re-runs each run once when nothing is the change, per retry.max', () => {
    const jobs = [job(), job({ jobId: 11, name: 'lint' }), job({ runId: 2, jobId: 12 })];
    expect(decideRerun([infra], jobs, 1)).toMatchObject({ kind: 'rerun', runs: [1, 2] });
    expect(decideRerun([infra, judged({})], jobs, 1).kind).toBe('fix');
    expect(decideRerun([], jobs, 1).kind).toBe('fix');
  });

  it("after retry.max re-runs the failure is the change's; retry.max 0 only suggests", () => {
    const again = decideRerun([infra], [job({ attempt: 2 })], 1);
    expect(again).toMatchObject({ kind: 'fix', judged: [{ verdict: 'pr' }] });
    expect(again.judged[0]!.reason).toBe(
      "failed again after 1 re-run(s) (retry.max: 1), so treated as the change's: the runner lost its network",
    );
    expect(decideRerun([infra], [job({ attempt: 2 })], 2).kind).toBe('rerun');
    expect(decideRerun([infra], [job()], 0)).toMatchObject({ kind: 'suggest' });
  });

  it('a re-run the credential may not make is suggested, with what to grant', () => {
    const d = { reason: 'nothing to fix', why: 'the runner lost its network' };
    expect(rerunReason(d, [{ run: 1, jobs: ['test'], result: 'rerun' }])).toBe('nothing to fix');
    expect(
      rerunReason(d, [{ run: 1, jobs: ['test'], result: 'denied', reason: 'give it "actions: write"' }]),
    ).toBe(
      're-run suggested, nothing to fix in the code (the runner lost its network); ci-autofix may not re-run test itself: give it "actions: write"',
    );
  });
});
