import type { FixOutcome } from './fix-job.js';
import type { JobContext } from './job.js';

/**
 * Commits stay in the worktree (`--no-commit`), go on a review branch, or move the user's branch.
 * Returns the outcome as published, and whether the worktree is kept.
 */
export async function publishLocally(
  ctx: JobContext,
  outcome: FixOutcome,
): Promise<{ outcome: FixOutcome; keepWorktree: boolean }> {
  const { deps, input, repo, wt } = ctx;
  const last = outcome.commits.at(-1);
  if (!outcome.fixes.length || !last) return { outcome, keepWorktree: false };
  if (!input.commit) {
    await deps.workspace.uncommit(wt.dir, repo.head);
    const diff = await deps.workspace.worktreeChanges(wt.dir);
    return {
      outcome: {
        ...outcome,
        worktree: { dir: wt.dir, diff: diff.patch },
        commits: [],
        fixes: outcome.fixes.map(({ commit: _, ...f }) => f),
      },
      keepWorktree: true,
    };
  }
  if (!input.config.auto_approve) {
    // Review mode: the validated commits go on a branch of their own, for a person to merge.
    const branch = `ci-autofix/fix-${repo.head.slice(0, 8)}`;
    await deps.workspace.createBranch(repo.root, branch, last);
    ctx.emit({
      type: 'published',
      summary: `review mode (auto_approve: false): ${outcome.commits.length} commit(s) on ${branch}`,
    });
    return { outcome: { ...outcome, branch }, keepWorktree: false };
  }
  if (!repo.branch) {
    const note = `HEAD is detached: the fix commits stay at ${last} (not on a branch)`;
    return { outcome: { ...outcome, notes: [...outcome.notes, note] }, keepWorktree: false };
  }
  await deps.workspace.advanceBranch(repo.root, repo.branch, repo.head, last);
  ctx.emit({ type: 'published', summary: `${repo.branch} advanced by ${outcome.commits.length} commit(s)` });
  return { outcome, keepWorktree: false };
}
