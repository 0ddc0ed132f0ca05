import { describe, expect, it } from 'vitest';
import type { Stats } from '../../store/index.js';
import { statsText } from './stats.js';

const stats = (jobs: Stats['jobs']): Stats => ({
  since: null,
  jobs,
  success_rate: null,
  by_repository: [],
  by_category: [],
  by_tool: [],
  by_fixer: [],
  time_to_fix_ms: { p50: null, p95: null },
  cost: { total_usd: 0, per_fix_usd: null, per_day: [] },
  attempts_per_pr: { mean: null, max: 0 },
  top_unfixable: [],
  flaky_tests: [],
  reruns: { infrastructure: 0, flaky: 0, passed: 0, failed: 0, waiting: 0 },
  infrastructure_rate: null,
  memory: { records: 0, signatures: 0, hit_rate: null, replayed: 0, cost_avoided_usd: 0, by_strategy: [] },
});

describe('stats as text', () => {
  it('names every outcome, so that the parts add up to the jobs finished', () => {
    const jobs = {
      total: 30,
      finished: 28,
      fixed: 9,
      partial: 2,
      not_fixable: 7,
      validation_failed: 1,
      nothing_to_fix: 3,
      skipped: 4,
      failed: 1,
      other: 1,
    };
    const line = statsText(stats(jobs)).split('\n')[0]!;
    expect(line).toBe(
      'jobs: 30 (28 finished: 9 fixed, 2 partial, 7 not fixable, 1 validation failed, 3 nothing to fix, 4 skipped, 1 failed, 1 other)',
    );
    const parts = [...line.matchAll(/(\d+) (?!finished)[a-z ]+?(?=,|\))/g)].map((m) => Number(m[1]));
    expect(parts.reduce((a, b) => a + b)).toBe(jobs.finished);
    // `other` only when some outcome is unknown to this version.
    expect(statsText(stats({ ...jobs, finished: 27, other: 0 }))).not.toContain('other');
  });
});
