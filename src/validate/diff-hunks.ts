/**
 * A unified diff's lines with their line numbers, per file: what the gates need to know where a change
 * is (which config section, which finding's line).
 */
export interface DiffLine {
  /** 1-based: in the file before for a removed line, after for an added one. */
  line: number;
  text: string;
}

export interface Hunk {
  /** The first line of the hunk before and after (1-based), and its length on each side. */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  removed: DiffLine[];
  added: DiffLine[];
}

const HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The hunks of each file of a `git diff` (paths as after the change). */
export function parseHunks(patch: string): Map<string, Hunk[]> {
  const files = new Map<string, Hunk[]>();
  let hunks: Hunk[] | undefined;
  let hunk: Hunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      const m = / b\/(.*)$/.exec(line);
      hunks = [];
      hunk = undefined;
      if (m) files.set(m[1]!, hunks);
      continue;
    }
    const h = HEADER.exec(line);
    if (h && hunks) {
      hunk = {
        oldStart: Number(h[1]),
        oldLines: h[2] === undefined ? 1 : Number(h[2]),
        newStart: Number(h[3]),
        newLines: h[4] === undefined ? 1 : Number(h[4]),
        removed: [],
        added: [],
      };
      hunks.push(hunk);
      oldLine = hunk.oldStart;
      newLine = hunk.newStart;
      continue;
    }
    if (!hunk) continue;
    if (line.startsWith('+')) hunk.added.push({ line: newLine++, text: line.slice(1) });
    else if (line.startsWith('-')) hunk.removed.push({ line: oldLine++, text: line.slice(1) });
    else if (line.startsWith(' ')) {
      oldLine++;
      newLine++;
    }
  }
  return files;
}
