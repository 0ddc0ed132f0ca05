import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { admitAgentRequest, JobBudget, priceOf, startOfUtcDay } from './budget.js';

const config = parseConfig(
  'llm:\n  budget:\n    per_fix_usd: 0.5\n    per_job_usd: 1\n    per_pr_usd: 2\n    per_day_usd: 3\n',
);
const caps = config.llm.budget;

describe('llm.budget', () => {
  it('admits a request only if its worst case fits every cap, naming the cap that stops it', () => {
    const job = new JobBudget(caps, { pr: 0, day: 0 });
    const fix = job.forFix();
    expect(fix.reserve(0.4)).toBeUndefined();
    // 0.4 reserved for this fix: another 0.2 would break per_fix.
    expect(fix.reserve(0.2)).toMatch(/^stopped by llm\.budget\.per_fix_usd \(\$0\.5\)/);
    fix.settle(0.4, 0.05);
    expect(fix.reserve(0.2)).toBeUndefined();
  });

  it('counts what earlier runs spent on the PR and on the day', () => {
    expect(new JobBudget(caps, { pr: 1.9, day: 0 }).forFix().reserve(0.2)).toMatch(/per_pr_usd \(\$2\)/);
    expect(new JobBudget(caps, { pr: 0, day: 2.9 }).forFix().reserve(0.2)).toMatch(/per_day_usd \(\$3\)/);
    expect(new JobBudget(caps, { pr: 1.7, day: 2.7 }).forFix().reserve(0.2)).toBeUndefined();
  });

  it('parallel candidates share one fix budget: reservations in flight count', () => {
    const job = new JobBudget(caps, { pr: 0, day: 0 });
    const fix = job.forFix();
    expect(fix.reserve(0.3)).toBeUndefined();
    expect(fix.reserve(0.3)).toMatch(/per_fix_usd/);
    // Other fixes of the job see the reservation against per_job.
    expect(job.forFix().reserve(0.45)).toBeUndefined();
    expect(job.forFix().reserve(0.3)).toMatch(/per_job_usd \(\$1\)/);
  });

  it('prices cache reads at a tenth and cache writes at 1.25 of input', () => {
    const usd = priceOf(config, 'claude-sonnet-5', {
      input_tokens: 1000,
      output_tokens: 100,
      cache_read_input_tokens: 10_000,
      cache_creation_input_tokens: 2000,
    });
    expect(usd).toBeCloseTo(((1000 + 1000 + 2500) * 3 + 100 * 15) / 1e6, 10);
  });

  it('a day is a UTC calendar day', () => {
    expect(startOfUtcDay(new Date('2026-11-24T23:59:59+05:00')).toISOString()).toBe(
      '2026-11-24T00:00:00.000Z',
    );
  });
});

describe('room under the caps', () => {
  it('is what the tightest cap leaves', () => {
    const job = new JobBudget(caps, { pr: 1.8, day: 0 });
    const fix = job.forFix();
    expect(fix.room(0)).toBeCloseTo(0.2, 10);
    expect(fix.room(0.1)).toBeCloseTo(0.1, 10);
    expect(new JobBudget(caps, { pr: 0, day: 0 }).forFix().room(0.3)).toBeCloseTo(0.2, 10);
  });
});

describe("an agent's requests", () => {
  const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output });
  it('are capped to the output the caps leave, and refused when not even 256 tokens fit', () => {
    // $0.5 per fix at $3/$15 per Mtok: 10k input tokens ($0.03) leave $0.47, i.e. 31,333 output tokens.
    const fix = new JobBudget(caps, { pr: 0, day: 0 }).forFix();
    expect(admitAgentRequest(config, fix, 'claude-sonnet-5', usage(0, 0), 10_000)).toEqual({
      maxOutputTokens: 31_333,
    });
    // What the run already used counts: 160k input ($0.48) leaves $0.02 minus the next request's input.
    const late = admitAgentRequest(config, fix, 'claude-sonnet-5', usage(160_000, 0), 10_000);
    expect(late).toMatchObject({ refuse: expect.stringMatching(/per_fix_usd/) });
  });

  it('are not capped when the model is priced at zero (a local server)', () => {
    const local = parseConfig('llm:\n  prices:\n    qwen: { input_per_mtok: 0, output_per_mtok: 0 }\n');
    const fix = new JobBudget(local.llm.budget, { pr: 0, day: 0 }).forFix();
    expect(admitAgentRequest(local, fix, 'qwen', usage(10 ** 9, 0), 10_000)).toBeUndefined();
  });
});
