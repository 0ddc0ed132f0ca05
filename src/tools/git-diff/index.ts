import type { ToolPlugin } from '../plugin.js';
import { REASONS, v } from '../verdict.js';
import { gitDiffParser } from './parser.js';

const GO_MOD_TIDY =
  'go.mod / go.sum are out of date, not the code: run `go mod tidy` and commit both. (ci-autofix runs it offline, but a `git diff --exit-code` check compares the working tree with the index, so it cannot prove a fix that is not committed yet)';

/**
 * A `git diff --exit-code` check: the commit lacks what a generator writes. The message names the
 * command that regenerates the file; ci-autofix does not run generators or change manifests.
 */
export const git: ToolPlugin = {
  name: 'git',
  parser: gitDiffParser,
  verdict: (d) => {
    const code = d.code?.value ?? '';
    // The go plugin's fixer (go-mod-tidy) runs `go mod tidy` offline, but this check cannot prove its fix:
    // `git diff --exit-code` compares the working tree with the index, and a fix is validated before it is
    // committed, so the drift it repairs is still a diff. A verdict in .ci-autofix.yml turns it on.
    if (code === 'go-mod-tidy') return v('dependency', 'none', GO_MOD_TIDY);
    if (code === 'lockfile-changed') return v('dependency', 'none', `${d.message}; ${REASONS.regenerate}`);
    return v('build', 'none', REASONS.generated);
  },
};
