import { isAutofixCommit } from './commit-message.js';
import { rejectedIn, revertedFixes } from './memory-plan.js';

/** Fix commits and what people did with them. */
export interface Verdict {
  commits: string[];
  verdict: 'accepted' | 'rejected';
  reason: string;
}

/** A pull request as its history tells what became of the fixes in it. */
export interface PullFate {
  repo: string;
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  /** Oldest first, as GitHub lists them. */
  commits: ReadonlyArray<{ sha: string; message: string }>;
  /** The pull request comes from one of ci-autofix's fix branches: it holds only fixes. */
  fixBranch: boolean;
}

/**
 * The verdicts a pull request's history gives the fixes published to it (`pending`: their commits, not
 * judged yet):
 * - a fix a person reverted in it was rejected, whether it is open, merged or closed;
 * - merged: the fixes still in it were accepted;
 * - a fix branch's pull request closed unmerged: its fixes were rejected (merged: accepted).
 *
 * A pending fix no longer in a merged pull request gets no verdict: it was applied as suggestions (a
 * person's own commit) or the branch was rebased, and neither says whether the fix was wanted.
 */
export function verdictsOf(pr: PullFate, pending: readonly string[]): Verdict[] {
  const newestFirst = [...pr.commits].reverse();
  const reverted = revertedFixes(newestFirst);
  const revertedShas = new Set(reverted.map((r) => r.commit));
  const out: Verdict[] = reverted.map((r) => ({
    commits: [r.commit],
    verdict: 'rejected',
    reason: rejectedIn(r, pr.number),
  }));
  if (pr.state !== 'closed') return out;
  const inIt = new Set(pr.commits.map((c) => c.sha));
  const kept = pending.filter((sha) => inIt.has(sha) && !revertedShas.has(sha));
  if (pr.fixBranch) {
    const fixes = pr.commits
      .filter((c) => isAutofixCommit(c.message) && !revertedShas.has(c.sha))
      .map((c) => c.sha);
    if (fixes.length)
      out.push(
        pr.merged
          ? { commits: fixes, verdict: 'accepted', reason: `merged through #${pr.number}` }
          : {
              commits: fixes,
              verdict: 'rejected',
              reason: `#${pr.number}, the pull request of the fix branch, was closed unmerged`,
            },
      );
  } else if (pr.merged && kept.length)
    out.push({ commits: kept, verdict: 'accepted', reason: `merged with #${pr.number}` });
  return out;
}
