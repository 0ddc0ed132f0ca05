import type { FileHandle } from 'node:fs/promises';

const WINDOW = 1024 * 1024;
/** How far past the wanted place a step header is looked for. */
const MAX_SEARCH = 8 * 1024 * 1024;
const STEP_HEADER = Buffer.from('##[group]Run ');
const STAMP = /^\d{4}-\d\d-\d\dT[\d:.]+Z $/;

/**
 * Where a big log can be cut so each part can be analysed on its own: the start of the first step's
 * `##[group]Run` header line at or after `target` (and before `end`), or -1 when there is none within
 * a few MB. No parser state crosses a step, so the parts' findings are the whole file's.
 */
export async function stepStartAfter(fh: FileHandle, target: number, end: number): Promise<number> {
  const buf = Buffer.alloc(WINDOW);
  // Each window starts a little before the last one ended, so no header line is missed at the seam.
  const overlap = 64;
  for (let at = target; at < end && at < target + MAX_SEARCH; at += WINDOW - overlap) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(WINDOW, end - at), at);
    const window = buf.subarray(0, bytesRead);
    for (let i = window.indexOf(STEP_HEADER); i !== -1; i = window.indexOf(STEP_HEADER, i + 1)) {
      const lineStart = window.lastIndexOf(10, i) + 1;
      // The header must open its line (after the runner's timestamp, if any), and the line must begin
      // inside the window (lineStart 0 could be mid-line).
      const prefix = window.subarray(lineStart, i).toString('latin1');
      if (lineStart > 0 && (prefix === '' || STAMP.test(prefix))) return at + lineStart;
    }
    if (bytesRead < WINDOW) break;
  }
  return -1;
}
