export { git } from './git.js';
export {
  advanceBranch,
  commitAll,
  createBranch,
  createWorktree,
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
