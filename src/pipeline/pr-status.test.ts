import { describe, expect, it } from 'vitest';
import type { Analysis, Diagnostic } from '../domain/index.js';
import { failureFingerprint, statusReport } from './pr-status.js';

const d = (path: string, message: string): Diagnostic => ({
  message,
  location: { path, range: { start: { line: 3 } } },
  severity: 'error',
  source: { name: 'prettier' },
  category: 'format',
  fixability: 'deterministic',
  log: { step: 'lint', lines: [1, 1] },
});
const analysis = (ds: Diagnostic[]) =>
  ({ diagnostics: ds, excerpts: [], tests: [], summary: {} }) as unknown as Analysis;
const job = {
  runId: 1,
  workflowId: 1,
  runName: 'CI',
  jobId: 2,
  name: 'lint',
  url: 'https://x',
  failedSteps: ['Run lint'],
  attempt: 1,
};

describe('the PR status report', () => {
  it('says a finding in a workflow file needs a person', () => {
    const fix = {
      fixes: [],
      remaining: [d('.github/workflows/ci.yml', 'Code style issues'), d('src/a.ts', 'x')],
      cost: { usd: 0, requests: 0 },
    };
    const r = statusReport({
      state: 'not-fixed',
      headSha: 'abc',
      jobs: [job],
      fix: fix as never,
      attempts: [],
    });
    expect(r.notFixed[0]!.reason).toContain('never edits workflows');
    expect(r.notFixed[1]!.reason).not.toContain('workflows');
  });

  it('fingerprints a failure by its findings, whatever their order or repeats', () => {
    const a = d('src/a.ts', 'first line\nmore');
    const b = d('src/b.ts', 'other');
    expect(failureFingerprint(analysis([a, b, a]), [job])).toBe(failureFingerprint(analysis([b, a]), [job]));
    expect(failureFingerprint(analysis([a]), [job])).not.toBe(failureFingerprint(analysis([b]), [job]));
    // No finding recognised: the failed jobs and steps identify it.
    expect(failureFingerprint(analysis([]), [job])).not.toBe(
      failureFingerprint(analysis([]), [{ ...job, failedSteps: ['Run test'] }]),
    );
  });
});
