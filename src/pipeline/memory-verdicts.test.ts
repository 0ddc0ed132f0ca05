import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../domain/index.js';
import { commitMessage } from './commit-message.js';
import { verdictsOf, type PullFate } from './memory-verdicts.js';

const sha = (c: string) => c.repeat(40);
const finding = (code: string): Diagnostic => ({
  message: `finding ${code}`,
  severity: 'error',
  source: { name: 'ruff' },
  code: { value: code },
  location: { path: 'app/util.py', range: { start: { line: 1 } } },
  category: 'lint',
  fixability: 'deterministic',
  log: { step: 'lint', lines: [1, 1] },
});

/** A fix commit's message as ci-autofix writes it (with its trailers). */
function fix(code: string): string {
  const ds = [finding(code)];
  const step = {
    fixer: 'ruff-check',
    commit: { type: 'fix' as const, scope: 'lint', verb: 'fix {n} finding(s) ({codes})' },
    argv: [],
    tool: 'ruff',
    files: ['app/util.py'],
    diagnostics: ds,
  };
  return commitMessage(step, ds, 'ruff 0.16.9', '{type}({scope}): {summary}', {
    strategy: 'tool:ruff-check',
    findings: [],
  });
}
const revert = (of: string) => `Revert "fix(lint)"\n\nThis reverts commit ${of}.\n`;

/** A PR's history, oldest first: a person's commit, two fixes (b, c), and a person's revert of c (d). */
const pr = (o: Partial<PullFate>): PullFate => ({
  repo: 'acme/shop',
  number: 7,
  state: 'open',
  merged: false,
  fixBranch: false,
  commits: [
    { sha: sha('a'), message: 'feat: parse dates\n' },
    { sha: sha('b'), message: fix('F401') },
    { sha: sha('c'), message: fix('E711') },
    { sha: sha('d'), message: revert(sha('c')) },
  ],
  ...o,
});

describe('verdicts from a pull request’s history', () => {
  it('a push with a person’s revert rejects that fix at once; the PR still open, nothing is accepted', () => {
    expect(verdictsOf(pr({}), [sha('b'), sha('c')])).toEqual([
      { commits: [sha('c')], verdict: 'rejected', reason: `reverted in #7 by ${sha('d').slice(0, 7)}` },
    ]);
  });

  it('merged: the fixes still in it are accepted, the reverted one stays rejected', () => {
    const merged = pr({ state: 'closed', merged: true });
    expect(verdictsOf(merged, [sha('b'), sha('c')]).map((v) => [v.commits, v.verdict])).toEqual([
      [[sha('c')], 'rejected'],
      [[sha('b')], 'accepted'],
    ]);
    // A pending fix the merged PR does not hold (applied as a suggestion, or rebased away): no verdict.
    expect(verdictsOf(merged, [sha('e')]).filter((v) => v.verdict === 'accepted')).toEqual([]);
  });

  it('closed unmerged: an abandoned PR says nothing of its fixes', () => {
    const closed = pr({ state: 'closed', commits: pr({}).commits.slice(0, 3) });
    expect(verdictsOf(closed, [sha('b'), sha('c')])).toEqual([]);
  });

  it('a fix branch’s pull request: closed unmerged rejects its fixes, merged accepts them', () => {
    const commits = [
      { sha: sha('b'), message: fix('F401') },
      { sha: sha('c'), message: fix('E711') },
    ];
    const closed = verdictsOf(pr({ state: 'closed', fixBranch: true, number: 9, commits }), []);
    expect(closed).toEqual([
      {
        commits: [sha('b'), sha('c')],
        verdict: 'rejected',
        reason: '#9, the pull request of the fix branch, was closed unmerged',
      },
    ]);
    const merged = verdictsOf(pr({ state: 'closed', merged: true, fixBranch: true, commits }), []);
    expect(merged.map((v) => v.verdict)).toEqual(['accepted']);
    // Still open: nothing yet.
    expect(verdictsOf(pr({ fixBranch: true, commits }), [])).toEqual([]);
  });
});
