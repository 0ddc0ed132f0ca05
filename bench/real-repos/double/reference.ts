import { execCommand } from '../exec-command.js';

/**
 * One change block of the reference fix (the fix commit against the failing commit), with the unchanged
 * lines around it in the failing commit: the double finds a block in the text it is shown by its removed
 * lines and this context, never by line number alone (fixers and earlier edits move lines).
 */
export interface RefHunk {
  file: string;
  /** Position among the file's blocks, 1-based: names the block in the records. */
  index: number;
  /** Line of the first removed line (or of the line the insertion follows) in the failing commit. */
  oldStart: number;
  removed: string[];
  added: string[];
  /** Up to three unchanged lines before and after the block, in the failing commit. */
  before: string[];
  after: string[];
}

const HEADER = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/;

/** Splits one file's `git diff -U3` output into change blocks, each with its own context. */
export function parseDiff(file: string, diff: string): RefHunk[] {
  const hunks: RefHunk[] = [];
  let line = 0;
  let context: string[] = [];
  let open: RefHunk | undefined;
  const close = () => {
    if (open) hunks.push(open);
    open = undefined;
  };
  for (const raw of diff.split('\n')) {
    const header = HEADER.exec(raw);
    if (header) {
      close();
      line = Number(header[1]);
      context = [];
      continue;
    }
    if (!line || raw.startsWith('\\')) continue; // before the first hunk; "\ No newline at end of file"
    const mark = raw[0];
    const text = raw.slice(1);
    if (mark === ' ') {
      if (open && open.after.length < 3) open.after.push(text);
      else close();
      if (open && open.after.length === 3) close();
      context.push(text);
      line++;
      continue;
    }
    if (mark !== '-' && mark !== '+') continue;
    if (open && open.after.length) close(); // a second block of the same git hunk
    if (!open) {
      const before = context.slice(-3);
      open = { file, index: 0, oldStart: line, removed: [], added: [], before, after: [] };
    }
    if (mark === '-') {
      open.removed.push(text);
      context.push(text);
      line++;
    } else open.added.push(text);
  }
  close();
  return hunks.map((h, i) => ({ ...h, index: i + 1 }));
}

/** The reference fix of the failing files, read from the repository's mirror with git. */
export function referenceHunks(gitDir: string, from: string, to: string, files: string[]): RefHunk[] {
  return files.flatMap((file) => {
    const r = execCommand(
      [
        'git',
        '-C',
        gitDir,
        'diff',
        '--no-color',
        '--no-ext-diff',
        '--no-renames',
        '-U3',
        from,
        to,
        '--',
        file,
      ],
      { cwd: gitDir, timeoutSeconds: 120 },
    );
    if (r.code !== 0) throw new Error(`git diff of ${file}: ${r.output.trim().slice(0, 300)}`);
    return parseDiff(file, r.stdout);
  });
}
