import type { LogLine } from '../../domain/index.js';
import { LOCKFILE_COMMANDS } from '../shared/lockfiles.js';
import type { LogParser } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';

/**
 * `git diff --exit-code` after a step regenerated tracked files (`go mod tidy`, a code generator, a
 * lockfile update): each `diff --git a/X b/X` block is a file that is out of date in the commit. The
 * codes say what regenerates it: `go-mod-tidy` (go.mod, go.sum), `lockfile-changed` (a package
 * manager's lockfile), `generated-file-changed` (anything else: re-run the generator). pre-commit's
 * `--show-diff-on-failure` prints the same blocks after `All changes made by hooks:`; those are its hooks'
 * changes, which its own findings describe, so they are left alone.
 */
const HEADER = /^diff --git a\/(.+) b\/(.+)$/;
const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;
// The lines a git diff block is made of: context, changes, hunks, its extended headers.
const BLOCK_LINE =
  /^(?:[ +\-@\\]|index |new file mode|deleted file mode|old mode|new mode|similarity index|rename |copy |Binary files)|^$/;

/** The code and message for a file that differs from what its generator writes. */
export function outOfDate(path: string): { code: string; message: string } {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'go.mod' || base === 'go.sum')
    return { code: 'go-mod-tidy', message: `${base} is not tidy: \`go mod tidy\` changes it` };
  const lock = LOCKFILE_COMMANDS[base];
  if (lock) return { code: 'lockfile-changed', message: `${base} is out of date: \`${lock}\` changes it` };
  return { code: 'generated-file-changed', message: `${path} is out of date: regenerating it changes it` };
}

interface Block {
  path: string;
  first: LogLine;
  last: number;
  line?: number;
  /** Context lines seen before the first change of the first hunk. */
  context: number;
  changed: boolean;
}

export const gitDiffParser: LogParser = {
  name: 'git',
  description: 'files a `git diff --exit-code` check found out of date (go mod tidy, codegen, lockfiles)',
  interest: { firstChars: 'dA' },
  create(sink) {
    let block: Block | undefined;
    let hunkStart: number | undefined;
    let preCommit = false;
    const flush = () => {
      if (!block) return;
      const { code, message } = outOfDate(block.path);
      sink.diagnostic(
        makeDiagnostic(
          block.first,
          { tool: 'git', path: block.path, line: block.line, code, message },
          block.last,
        ),
      );
      block = undefined;
    };
    return {
      get busy() {
        return block !== undefined;
      },
      line(l) {
        const t = l.text;
        const c0 = t.charCodeAt(0);
        if (c0 === 100 /* d */ && t.startsWith('diff --git ')) {
          flush();
          const h = HEADER.exec(t);
          if (h && !preCommit) block = { path: h[2]!, first: l, last: l.no, context: 0, changed: false };
          hunkStart = undefined;
          return;
        }
        if (c0 === 65 /* A */ && t === 'All changes made by hooks:') {
          preCommit = true;
          return;
        }
        if (!block) return;
        if (!BLOCK_LINE.test(t)) return flush();
        if (t === '') return;
        block.last = l.no;
        if (block.changed) return;
        if (c0 === 64 /* @ */) {
          const m = HUNK.exec(t);
          if (m) hunkStart = Number(m[1]);
        } else if (hunkStart !== undefined) {
          if (c0 === 32) block.context++;
          else if (c0 === 43 /* + */ || c0 === 45 /* - */) {
            block.changed = true;
            if (hunkStart > 0) block.line = hunkStart + block.context;
          }
        }
      },
      end: flush,
    };
  },
};
