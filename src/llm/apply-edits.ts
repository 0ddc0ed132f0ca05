import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/** A model's edit: replace `old` (exact text of the file) with `new`. */
export interface FileEdit {
  file: string;
  old: string;
  new: string;
}

export interface EditOutcome {
  applied: Array<FileEdit & { match: 'exact' | 'whitespace' }>;
  /** Fed back to the model: what did not apply, and why. */
  rejected: Array<{ edit: FileEdit; reason: string }>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `old` with every run of whitespace made flexible; trimmed, so indentation drift at the ends matches too. */
function whitespaceTolerant(old: string): RegExp {
  const parts = old.trim().split(/\s+/).map(escape);
  return new RegExp(parts.join('\\s+'), 'g');
}

function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(needle); i !== -1 && at.length < 3; i = text.indexOf(needle, i + 1)) at.push(i);
  return at;
}

/**
 * Applies edits in order: exact match first, then whitespace-tolerant; the text must occur exactly once.
 * An edit to a file outside `allowed` (the files the model was shown), outside the repository, empty or a
 * no-op is rejected with the reason, never applied.
 */
export async function applyEdits(
  root: string,
  edits: FileEdit[],
  allowed: ReadonlySet<string>,
): Promise<EditOutcome> {
  const out: EditOutcome = { applied: [], rejected: [] };
  const contents = new Map<string, string>();
  for (const edit of edits) {
    const reject = (reason: string) => out.rejected.push({ edit, reason });
    if (isAbsolute(edit.file) || edit.file.split(/[\\/]/).includes('..')) {
      reject('the path leaves the repository');
      continue;
    }
    if (!allowed.has(edit.file)) {
      reject(`${edit.file} was not in the context you were given; edit only those files`);
      continue;
    }
    if (!edit.old.trim()) {
      reject('`old` is empty: quote the exact lines to replace');
      continue;
    }
    if (edit.old === edit.new) {
      reject('`new` equals `old`: the edit changes nothing');
      continue;
    }
    let text = contents.get(edit.file);
    if (text === undefined) {
      try {
        text = await readFile(join(root, edit.file), 'utf8');
      } catch {
        reject(`${edit.file} does not exist`);
        continue;
      }
    }
    const exact = occurrences(text, edit.old);
    if (exact.length === 1) {
      contents.set(edit.file, text.slice(0, exact[0]) + edit.new + text.slice(exact[0]! + edit.old.length));
      out.applied.push({ ...edit, match: 'exact' });
      continue;
    }
    if (exact.length > 1) {
      reject('`old` occurs more than once: include more surrounding lines so it is unique');
      continue;
    }
    const matches = [...text.matchAll(whitespaceTolerant(edit.old))].slice(0, 2);
    if (matches.length !== 1) {
      reject(
        matches.length
          ? '`old` matches more than once (ignoring whitespace): include more lines'
          : '`old` does not occur in the file (even ignoring whitespace): quote the current text exactly',
      );
      continue;
    }
    const m = matches[0]!;
    contents.set(edit.file, text.slice(0, m.index) + edit.new.trim() + text.slice(m.index! + m[0].length));
    out.applied.push({ ...edit, match: 'whitespace' });
  }
  for (const [file, text] of contents) await writeFile(join(root, file), text);
  return out;
}
