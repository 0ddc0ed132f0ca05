import { git, gitSync } from './git.js';
import type { GitHubState, PullState } from './state.js';

/**
 * A pull request's head follows its branch, as on GitHub: the head SHA is read from the head
 * repository's branch, and the base repository keeps `refs/pull/N/head` (fetched from the fork for a
 * fork's pull request) so that diffs, files and review lines can be computed in the base repository.
 */
export async function syncPullHead(state: GitHubState, pull: PullState): Promise<void> {
  const base = state.repo(pull.repo)!;
  const head = state.repo(pull.head.repo)!;
  const sha = (
    await git(head.gitDir, ['rev-parse', '--verify', `refs/heads/${pull.head.ref}^{commit}`])
  ).trim();
  if (head !== base) await git(base.gitDir, ['fetch', '--quiet', '--no-tags', head.gitDir, sha]);
  await git(base.gitDir, ['update-ref', `refs/pull/${pull.number}/head`, sha]);
  pull.head.sha = sha;
}

export function syncPullHeadSync(state: GitHubState, pull: PullState): void {
  const base = state.repo(pull.repo)!;
  const head = state.repo(pull.head.repo)!;
  const sha = gitSync(head.gitDir, ['rev-parse', '--verify', `refs/heads/${pull.head.ref}^{commit}`]).trim();
  if (head !== base) gitSync(base.gitDir, ['fetch', '--quiet', '--no-tags', head.gitDir, sha]);
  gitSync(base.gitDir, ['update-ref', `refs/pull/${pull.number}/head`, sha]);
  pull.head.sha = sha;
}
