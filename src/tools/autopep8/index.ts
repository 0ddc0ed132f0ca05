import type { ToolPlugin } from '../plugin.js';

/** Only its pinned version is known: a repository's pre-commit runs it. */
export const autopep8: ToolPlugin = {
  name: 'autopep8',
  pin: {
    ecosystem: 'python',
    provisioned: true,
    preCommitRepos: /(pre-commit|hhatto)\/(mirrors-)?autopep8$/i,
  },
};
