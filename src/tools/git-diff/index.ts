import type { ToolPlugin } from '../plugin.js';
import { REASONS, v } from '../verdict.js';
import { gitDiffParser } from './parser.js';

/**
 * A `git diff --exit-code` check: the commit lacks what a generator writes. The message names the
 * command that regenerates the file; ci-autofix does not run generators or change manifests.
 */
export const git: ToolPlugin = {
  name: 'git',
  parser: gitDiffParser,
  verdict: (d) => {
    const code = d.code?.value ?? '';
    if (code === 'go-mod-tidy') return v('dependency', 'none', REASONS.goModTidy);
    if (code === 'lockfile-changed') return v('dependency', 'none', `${d.message}; ${REASONS.regenerate}`);
    return v('build', 'none', REASONS.generated);
  },
};
