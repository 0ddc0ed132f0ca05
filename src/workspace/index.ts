export { git } from './git.js';
export { EditClock, type Clock } from './edit-clock.js';
export {
  advanceBranch,
  applyPatch,
  changedSince,
  commitAll,
  createBranch,
  createWorktree,
  fileAt,
  fileAtHead,
  headOf,
  ignoreInWorktree,
  linkDependencies,
  LINKED,
  repoState,
  resetWorktree,
  revertPaths,
  trackedFiles,
  uncommit,
  worktreeChanges,
  type CommitOptions,
  type FileChange,
  type RepoState,
  type Worktree,
} from './repository.js';
export { BASE_REF, cloneForFix, pushFastForward } from './remote.js';
export { commitsSince, recentCommits, undone } from './history.js';
