export { git } from './git.js';
export {
  advanceBranch,
  commitAll,
  createWorktree,
  repoState,
  worktreeChanges,
  type CommitOptions,
  type FileChange,
  type RepoState,
  type Worktree,
} from './repository.js';
