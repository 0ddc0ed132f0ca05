import { describe, expect, it } from 'vitest';
import { pullChanges } from './poller.js';

const open = (number: number, headSha: string, headRef = `topic-${number}`) => ({
  number,
  headSha,
  headRepo: 'acme/shop',
  headRef,
});

describe('the poller: what changed in the open pull requests', () => {
  it('a pushed PR and a PR gone from the list ask for their verdicts; an unchanged or new PR does not', () => {
    const before = [open(1, 'a1'), open(2, 'b1'), open(3, 'c1', 'ci-autofix/pr-2-b1b1b1b')];
    const after = [open(1, 'a1'), open(2, 'b2'), open(4, 'd1')];
    expect(pullChanges('acme/shop', before, after)).toEqual([
      { kind: 'verdicts', repo: 'acme/shop', pr: 2, closed: false, headRef: 'topic-2' },
      { kind: 'verdicts', repo: 'acme/shop', pr: 3, closed: true, headRef: 'ci-autofix/pr-2-b1b1b1b' },
    ]);
    // The first poll knows no earlier list: nothing to compare.
    expect(pullChanges('acme/shop', [], after)).toEqual([]);
  });
});
