import { git, revParse } from './git.js';
import type { GitHubState, PullState } from './state.js';

/**
 * A pull request's diff as GitHub computes it: base branch...head (from the merge base), renames
 * detected, one entry per file with its patch. Review comments may sit only on lines of these patches.
 */

export interface DiffFile {
  filename: string;
  previousFilename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  sha: string;
  additions: number;
  deletions: number;
  /** From the first `@@` on; absent for binary files. */
  patch?: string;
}

export async function pullDiff(state: GitHubState, pull: PullState): Promise<DiffFile[]> {
  const repo = state.repo(pull.repo)!;
  const base = (await revParse(repo.gitDir, `refs/heads/${pull.base.ref}`)) ?? pull.base.sha;
  pull.base.sha = base;
  const out = await git(repo.gitDir, [
    '-c',
    'core.quotePath=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--full-index',
    '-M',
    `${base}...refs/pull/${pull.number}/head`,
  ]);
  return out
    .split(/^diff --git /m)
    .slice(1)
    .map(parseFile);
}

function parseFile(chunk: string): DiffFile {
  const lines = chunk.split('\n');
  const header = lines.slice(0, lines.findIndex((l) => l.startsWith('@@')) >>> 0);
  const first = lines[0]!;
  const find = (prefix: string) => header.find((l) => l.startsWith(prefix))?.slice(prefix.length);
  const renamedTo = find('rename to ');
  const plus = find('+++ b/');
  const minus = find('--- a/');
  const filename = renamedTo ?? plus ?? minus ?? first.replace(/^a\/(.*) b\/.*$/, '$1');
  const index = /^index [0-9a-f]+\.\.([0-9a-f]+)/.exec(header.find((l) => l.startsWith('index ')) ?? '');
  const status = find('new file mode')
    ? 'added'
    : find('deleted file mode')
      ? 'removed'
      : renamedTo
        ? 'renamed'
        : 'modified';
  const hunkAt = lines.findIndex((l) => l.startsWith('@@'));
  const body = hunkAt >= 0 ? lines.slice(hunkAt) : [];
  while (body.length && body[body.length - 1] === '') body.pop();
  return {
    filename,
    ...(renamedTo ? { previousFilename: find('rename from ') } : {}),
    status,
    sha: index?.[1] ?? '0'.repeat(40),
    additions: body.filter((l) => l.startsWith('+')).length,
    deletions: body.filter((l) => l.startsWith('-')).length,
    ...(body.length ? { patch: body.join('\n') } : {}),
  };
}

/**
 * The hunk that shows a line on a side (RIGHT: the head's numbering, LEFT: the base's), up to that
 * line, as GitHub's `diff_hunk`; undefined when the diff does not show it (GitHub: "Line could not be
 * resolved").
 */
export function hunkFor(patch: string | undefined, line: number, side: 'LEFT' | 'RIGHT'): string | undefined {
  if (!patch) return undefined;
  let hunk: string[] = [];
  let left = 0;
  let right = 0;
  for (const text of patch.split('\n')) {
    const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (m) {
      hunk = [text];
      left = Number(m[1]);
      right = Number(m[2]);
      continue;
    }
    hunk.push(text);
    const kind = text[0];
    if (kind === '\\') continue;
    const atLeft = kind !== '+' ? left++ : undefined;
    const atRight = kind !== '-' ? right++ : undefined;
    if ((side === 'RIGHT' && atRight === line) || (side === 'LEFT' && atLeft === line))
      return hunk.join('\n');
  }
  return undefined;
}
