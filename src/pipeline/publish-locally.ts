import type { Job } from './job.js';

/** Commits stay in the worktree (`--no-commit`), go on a review branch, or move the user's branch. Returns whether the worktree is kept. */
export async function publishLocally(job: Job): Promise<boolean> {
  const { deps, input, repo, wt, outcome } = job;
  if (!outcome.fixes.length) return false;
  if (!input.commit) {
    await deps.workspace.uncommit(wt.dir, repo.head);
    const diff = await deps.workspace.worktreeChanges(wt.dir);
    outcome.worktree = { dir: wt.dir, diff: diff.patch };
    outcome.commits = [];
    for (const f of outcome.fixes) delete f.commit;
    return true;
  }
  if (!input.config.auto_approve) {
    // Review mode: the validated commits go on a branch of their own, for a person to merge.
    const branch = `ci-autofix/fix-${repo.head.slice(0, 8)}`;
    await deps.workspace.createBranch(repo.root, branch, outcome.commits.at(-1)!);
    outcome.branch = branch;
    job.emit({
      type: 'published',
      summary: `review mode (auto_approve: false): ${outcome.commits.length} commit(s) on ${branch}`,
    });
    return false;
  }
  if (!repo.branch) {
    outcome.notes.push(
      `HEAD is detached: the fix commits stay at ${outcome.commits.at(-1)} (not on a branch)`,
    );
    return false;
  }
  await deps.workspace.advanceBranch(repo.root, repo.branch, repo.head, outcome.commits.at(-1)!);
  job.emit({ type: 'published', summary: `${repo.branch} advanced by ${outcome.commits.length} commit(s)` });
  return false;
}
