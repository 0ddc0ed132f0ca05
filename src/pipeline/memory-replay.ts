import type { Diagnostic } from '../domain/index.js';
import type { Replay, TriedFinding } from './memory-types.js';

/** A replay's edits are kept small: a fix of one finding is a few hunks. */
const MAX_EDIT_BYTES = 16_000;

interface Hunk {
  oldStart: number;
  oldCount: number;
  old: string[];
  new: string[];
}

/** The hunks of `path` in a unified diff (git's), in order. */
function hunksOf(patch: string, path: string): Hunk[] {
  const hunks: Hunk[] = [];
  let inFile = false;
  let hunk: Hunk | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      inFile = line.endsWith(` b/${path}`);
      hunk = undefined;
      continue;
    }
    if (!inFile) continue;
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(line);
    if (header) {
      hunk = { oldStart: Number(header[1]), oldCount: Number(header[2] ?? 1), old: [], new: [] };
      hunks.push(hunk);
    } else if (hunk && line.startsWith(' ')) {
      hunk.old.push(line.slice(1));
      hunk.new.push(line.slice(1));
    } else if (hunk && line.startsWith('-') && !line.startsWith('--- ')) hunk.old.push(line.slice(1));
    else if (hunk && line.startsWith('+') && !line.startsWith('+++ ')) hunk.new.push(line.slice(1));
  }
  return hunks;
}

/**
 * A kept fix's change to one finding: the hunks of its file that touch its line (all of the file's when
 * none does, or when the line is unknown), as old → new blocks a replay looks for, layout aside.
 */
export function editsFor(patch: string, path: string, line?: number): Replay['edits'] {
  const hunks = hunksOf(patch, path);
  const touching = line
    ? hunks.filter((h) => line >= h.oldStart - 1 && line <= h.oldStart + Math.max(h.oldCount, 1))
    : [];
  const edits = (touching.length ? touching : hunks)
    .filter((h) => h.old.some((l) => l.trim()))
    .map((h) => ({ old: h.old.join('\n'), new: h.new.join('\n') }));
  return JSON.stringify(edits).length > MAX_EDIT_BYTES ? [] : edits;
}

/** For each finding of a group, the newest accepted fix of its signature on equal code, if any. */
export function replaysFor(
  group: readonly Diagnostic[],
  findings: readonly TriedFinding[],
  replays: readonly Replay[],
): Array<{ diagnostic: Diagnostic; finding: TriedFinding; replay: Replay }> {
  return group.flatMap((d, i) => {
    const f = findings[i]!;
    const replay = replays.find((r) => r.signature === f.signature.id && r.code === f.code);
    return replay && f.path ? [{ diagnostic: d, finding: f, replay }] : [];
  });
}

/** Accepted fixes shown to a model: at most 3, of the group's signatures, each at most this long. */
const MAX_EXAMPLES = 3;
const MAX_EXAMPLE_CHARS = 2000;

/** The accepted fixes of the group's signatures (any code) to show the model, newest first, distinct. */
export function examplesFor(findings: readonly TriedFinding[], replays: readonly Replay[]): Replay[] {
  const wanted = new Set(findings.map((f) => f.signature.id));
  const seen = new Set<string>();
  return replays
    .filter((r) => wanted.has(r.signature))
    .filter((r) => {
      const key = JSON.stringify(r.edits);
      const small = key.length <= MAX_EXAMPLE_CHARS;
      if (!small || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_EXAMPLES);
}
