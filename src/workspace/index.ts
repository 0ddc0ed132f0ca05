export { git } from './git.js';
export {
  advanceBranch,
  applyPatch,
  commitAll,
  createBranch,
  createWorktree,
  headOf,
  linkDependencies,
  LINKED,
  repoState,
  resetWorktree,
  uncommit,
  worktreeChanges,
  type CommitOptions,
  type FileChange,
  type RepoState,
  type Worktree,
} from './repository.js';
