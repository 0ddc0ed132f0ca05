import type { ChangedFile, ReviewComment } from '../forge/forge.js';
import { backticks } from './markdown.js';

/** A hunk of a `git diff -U0`: head lines [oldStart, oldStart + oldCount) become `added`. */
interface Hunk {
  path: string;
  oldStart: number;
  oldCount: number;
  added: string[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Hunks of a zero-context diff; undefined when a file is added, deleted, renamed or binary. */
export function zeroContextHunks(patch: string): Hunk[] | undefined {
  const hunks: Hunk[] = [];
  let path: string | undefined;
  let current: Hunk | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      path = undefined;
      current = undefined;
    } else if (/^(new|deleted) file mode|^rename from|^Binary files|^GIT binary patch/.test(line))
      return undefined;
    else if (line.startsWith('+++ ')) path = line.startsWith('+++ b/') ? line.slice(6) : undefined;
    else if (line.startsWith('--- ')) continue;
    else if (line.startsWith('@@')) {
      const m = HUNK.exec(line);
      if (!m || path === undefined) return undefined;
      current = { path, oldStart: Number(m[1]), oldCount: m[2] === undefined ? 1 : Number(m[2]), added: [] };
      hunks.push(current);
    } else if (current && line.startsWith('+')) current.added.push(line.slice(1));
  }
  return hunks;
}

/** The head-side lines a review may comment on, per file, grouped by the PR diff's hunk they lie in. */
export function commentableLines(files: ChangedFile[]): Map<string, Map<number, number>> {
  const byFile = new Map<string, Map<number, number>>();
  for (const f of files) {
    if (!f.patch) continue;
    const lines = new Map<number, number>();
    let hunk = -1;
    let right = 0;
    for (const line of f.patch.split('\n')) {
      const m = HUNK.exec(line);
      if (m) {
        hunk++;
        right = Number(m[3]);
        continue;
      }
      if (hunk < 0 || line.startsWith('-') || line.startsWith('\\')) continue;
      lines.set(right++, hunk);
    }
    byFile.set(f.path, lines);
  }
  return byFile;
}

function fence(lines: string[]): string {
  const body = lines.join('\n');
  const f = backticks(body, 3);
  return `${f}suggestion\n${body}${lines.length ? '\n' : ''}${f}`;
}

export type SuggestionPlan = { comments: ReviewComment[] } | { reason: string };

/**
 * The fix as GitHub `suggestion` blocks, which a maintainer commits from the PR page: possible only
 * when every changed line lies inside the PR's diff (GitHub refuses comments elsewhere), in one of its
 * hunks, and no file is added or removed. `headLine(path, n)` gives a head line's text (a pure
 * insertion is suggested as a replacement of the line before it).
 */
export function planSuggestions(
  fixPatch: string,
  prFiles: ChangedFile[],
  headLine: (path: string, line: number) => string | undefined,
  max = 30,
): SuggestionPlan {
  const hunks = zeroContextHunks(fixPatch);
  if (!hunks) return { reason: 'the fix adds, removes or renames a file' };
  if (hunks.length === 0) return { reason: 'the fix changes nothing' };
  if (hunks.length > max)
    return { reason: `the fix has ${hunks.length} changes (suggestions are for up to ${max})` };
  const commentable = commentableLines(prFiles);
  const comments: ReviewComment[] = [];
  for (const h of hunks) {
    let start = h.oldStart;
    let end = h.oldStart + h.oldCount - 1;
    let lines = h.added;
    if (h.oldCount === 0) {
      // An insertion after line oldStart (0: before the first line): suggest it with a neighbour.
      const anchor = h.oldStart === 0 ? 1 : h.oldStart;
      const text = headLine(h.path, anchor);
      if (text === undefined)
        return { reason: `${h.path}: the fix inserts lines where no line can carry a suggestion` };
      lines = h.oldStart === 0 ? [...h.added, text] : [text, ...h.added];
      start = end = anchor;
    }
    const inDiff = commentable.get(h.path);
    const hunkOf = inDiff?.get(start);
    if (hunkOf === undefined) return { reason: `${h.path}:${start} lies outside the pull request's diff` };
    for (let l = start; l <= end; l++)
      if (inDiff!.get(l) !== hunkOf) return { reason: `${h.path}:${l} lies outside the pull request's diff` };
    comments.push({
      path: h.path,
      line: end,
      ...(end > start ? { startLine: start } : {}),
      body: fence(lines),
    });
  }
  return { comments };
}
