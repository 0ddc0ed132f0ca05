import type { Excerpt } from './excerpts.js';
import type { RefHunk } from './reference.js';

/**
 * What the double could do with one block of the reference fix, given what it was shown:
 * - `edited`: its removed lines (or, for an insertion, the lines around it) are all in one excerpt;
 * - `already`: the shown text already reads as the fix there (a fixer or an earlier edit did it);
 * - `partly-shown`: some of its removed lines are shown, not all of them together (an excerpt cut it, or
 *   the text around it changed);
 * - `not-shown`: none of its lines are shown although the file is;
 * - `file-not-shown`: the request shows nothing of its file (another group's file, usually).
 */
export type HunkStatus = 'edited' | 'already' | 'partly-shown' | 'not-shown' | 'file-not-shown';

export interface FileEdit {
  file: string;
  old: string;
  new: string;
}

export interface Plan {
  edits: FileEdit[];
  hunks: Array<{ file: string; index: number; status: HunkStatus }>;
}

/** Lines compare as the same text when equal but for trailing or repeated whitespace. */
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && (a === b || norm(a) === norm(b));

interface Match {
  excerpt: Excerpt;
  at: number;
  length: number;
  hunk: RefHunk;
}

/** How many context lines agree, counted outward from the block, each side stopping at the first mismatch. */
function contextScore(lines: string[], at: number, length: number, h: RefHunk): number {
  let score = 0;
  for (let k = 1; k <= h.before.length && same(lines[at - k], h.before[h.before.length - k]); k++) score++;
  for (let k = 0; k < h.after.length && same(lines[at + length + k], h.after[k]); k++) score++;
  return score;
}

/** Is any line of the hunk's context position inside the excerpt (so it could have agreed)? */
const contextShown = (e: Excerpt, at: number, length: number, h: RefHunk) =>
  (h.before.length > 0 && at > 0) || (h.after.length > 0 && at + length < e.lines.length);

const bare = (lines: string[]) => lines.join('').replace(/\s+/g, '');

/**
 * How many lines from `at` hold `body`: line for line (whitespace aside), or, when a formatter has
 * re-wrapped it, a run of lines with the same text once all whitespace is gone. 0: not there.
 */
function linesAt(lines: string[], at: number, body: string[]): number {
  if (at + body.length <= lines.length && body.every((l, k) => same(lines[at + k], l))) return body.length;
  const target = bare(body);
  if (target.length < 12 || !target.startsWith(lines[at]?.replace(/\s+/g, '') || '\0')) return 0;
  let text = '';
  for (let k = at; k < lines.length && text.length < target.length; k++) {
    text += lines[k]!.replace(/\s+/g, '');
    if (text === target) return k - at + 1;
  }
  return 0;
}

/** Where `body` sits in the excerpt with the hunk's context around it (an empty body: between the anchors). */
function candidates(e: Excerpt, body: string[], h: RefHunk) {
  const out: Array<{ at: number; length: number; score: number }> = [];
  // A re-wrapped body may take fewer lines than it had: every start is tried, linesAt checks the bounds.
  for (let at = 0; at <= e.lines.length; at++) {
    const length = body.length ? linesAt(e.lines, at, body) : 0;
    if (body.length && !length) continue;
    const score = contextScore(e.lines, at, length, h);
    const anchored =
      body.length === 0
        ? // An insertion's place is known only when the lines on both sides of it are shown.
          (h.before.length ? same(e.lines[at - 1], h.before.at(-1)) : at === 0 && e.from === 1) &&
          (h.after.length ? same(e.lines[at], h.after[0]) : at === e.lines.length)
        : // A block is found by its context: at least one neighbouring line agrees, unless no neighbour is
          // shown (the block sits at the excerpt's edge); a block of blank or one-word lines, never alone.
          score > 0 || (body.some((l) => norm(l).length > 3) && !contextShown(e, at, length, h));
    if (anchored) out.push({ at, length, score });
  }
  return out;
}

/** The best place of `body` in the file's excerpts: the most agreeing context, then the nearest line. */
function locate(excerpts: Excerpt[], body: string[], h: RefHunk, taken: Match[]) {
  let best: { excerpt: Excerpt; at: number; length: number; score: number; distance: number } | undefined;
  for (const e of excerpts)
    for (const c of candidates(e, body, h)) {
      const overlaps = taken.some(
        (t) => t.excerpt === e && c.at < t.at + Math.max(t.length, 1) && t.at < c.at + Math.max(c.length, 1),
      );
      if (overlaps) continue;
      const distance = Math.abs(e.from + c.at - h.oldStart);
      if (!best || c.score > best.score || (c.score === best.score && distance < best.distance))
        best = { excerpt: e, ...c, distance };
    }
  return best;
}

function classify(excerpts: Excerpt[], h: RefHunk, taken: Match[]): HunkStatus | Match {
  const found = locate(excerpts, h.removed, h, taken);
  // A formatter may have re-wrapped the removed lines into exactly the added ones: nothing left to do.
  // Compared exactly (but for trailing blanks): a fix of indentation alone changes only whitespace.
  const now = found?.excerpt.lines.slice(found.at, found.at + found.length);
  if (found && now!.length === h.added.length && now!.every((l, k) => l.trimEnd() === h.added[k]!.trimEnd()))
    return 'already';
  if (found) return { excerpt: found.excerpt, at: found.at, length: found.length, hunk: h };
  // Already fixed: the added lines (or, for a deletion, the two sides joined) stand between the context.
  if (h.added.length || (h.before.length && h.after.length))
    if (locate(excerpts, h.added, h, [])) return 'already';
  const shown = new Set(excerpts.flatMap((e) => e.lines.map(norm)));
  const lines = h.removed.map(norm).filter((l) => l.length > 3);
  const seen = lines.filter((l) => shown.has(l)).length;
  return seen ? 'partly-shown' : 'not-shown';
}

/**
 * The edits that turn what was shown into the reference fix, for the blocks wholly within the shown lines
 * of editable excerpts. Each edit quotes `context` unchanged lines on each side (more on a retry, when the
 * quote was not unique), widened until it occurs once in the shown text.
 */
export function planEdits(hunks: RefHunk[], shown: Excerpt[], context = 2): Plan {
  const plan: Plan = { edits: [], hunks: [] };
  const editable = shown.filter((e) => !e.reference);
  for (const file of [...new Set(hunks.map((h) => h.file))]) {
    const excerpts = editable.filter((e) => e.file === file);
    const matches: Match[] = [];
    for (const h of hunks.filter((x) => x.file === file)) {
      const result = excerpts.length ? classify(excerpts, h, matches) : 'file-not-shown';
      if (typeof result === 'string') plan.hunks.push({ file, index: h.index, status: result });
      else {
        matches.push(result);
        plan.hunks.push({ file, index: h.index, status: 'edited' });
      }
    }
    const text = excerpts.map((e) => e.lines.join('\n')).join('\n\n');
    for (const e of excerpts)
      plan.edits.push(
        ...editsOf(
          e,
          matches.filter((m) => m.excerpt === e),
          context,
          text,
        ),
      );
  }
  return plan;
}

/** Spans of the excerpt to rewrite: each match widened by `context` lines, overlapping ones merged. */
function spans(e: Excerpt, matches: Match[], context: number) {
  const sorted = [...matches].sort((a, b) => a.at - b.at);
  const out: Array<{ from: number; to: number; matches: Match[] }> = [];
  for (const m of sorted) {
    const from = Math.max(0, m.at - context);
    const to = Math.min(e.lines.length, m.at + m.length + context);
    const last = out.at(-1);
    if (last && from <= last.to) {
      last.to = Math.max(last.to, to);
      last.matches.push(m);
    } else out.push({ from, to, matches: [m] });
  }
  return out;
}

function editsOf(e: Excerpt, matches: Match[], context: number, shownText: string): FileEdit[] {
  if (!matches.length) return [];
  for (let ctx = context; ; ctx += 2) {
    const edits = spans(e, matches, ctx).map((s) => {
      const next: string[] = [];
      let i = s.from;
      for (const m of s.matches) {
        next.push(...e.lines.slice(i, m.at), ...m.hunk.added);
        i = m.at + m.length;
      }
      next.push(...e.lines.slice(i, s.to));
      return { file: e.file, old: e.lines.slice(s.from, s.to).join('\n'), new: next.join('\n') };
    });
    const unique = edits.every(
      (x) => x.old.trim() && shownText.indexOf(x.old) === shownText.lastIndexOf(x.old),
    );
    if (unique || ctx >= e.lines.length) return edits;
  }
}
