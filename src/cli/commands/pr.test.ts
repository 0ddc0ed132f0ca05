import { describe, expect, it } from 'vitest';
import type { PrOutcome } from '../../pipeline/index.js';
import { prSummary } from './pr.js';

const outcome = (title: string): PrOutcome => ({
  outcome: 'skipped',
  reason: 'attempted before for this failure',
  pull_request: {
    repo: 'octo/app',
    number: 12,
    url: 'https://github.com/octo/app/pull/12',
    head_sha: 'a'.repeat(40),
    title,
  },
  failed_jobs: [],
  published: { mode: 'none', commits: [] },
  github_requests: 3,
  timing: { total_ms: 1, github_ms: 1, clone_ms: 0, fix_ms: 0, publish_ms: 0 },
  notes: [],
});

describe("`ci-autofix pr`'s text", () => {
  it('names the pull request by its title, quoted', () => {
    expect(prSummary(outcome('Fix the "parser"')).split('\n')[0]).toBe(
      'pull request: octo/app#12 "Fix the \\"parser\\"" at aaaaaaa',
    );
  });

  it('shows no control sequence a title carries, and starts no line with it', () => {
    const hostile = 'a\u001b]8;;https://evil.test\u0007link\u009b31m red\r\n::add-mask::x\u007f';
    const text = prSummary(outcome(hostile));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(text.split('\n')[0]).toBe(
      'pull request: octo/app#12 "a\\u001b]8;;https://evil.test\\u0007link31m red\\r\\n::add-mask::x" at aaaaaaa',
    );
  });

  it('leaves the title out when the job never read it', () => {
    expect(prSummary(outcome('')).split('\n')[0]).toBe('pull request: octo/app#12 at aaaaaaa');
  });
});
