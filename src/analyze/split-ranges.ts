import { open } from 'node:fs/promises';

const WINDOW = 8 * 1024 * 1024;
const STEP_HEADER = Buffer.from('##[group]Run ');

/**
 * Where a big log can be cut so each part can be analysed on its own: just before a step's
 * `##[group]Run` header line, near each 1/parts of the file. No parser state crosses a step, so the
 * parts' findings are the whole file's. Returns fewer parts when no header is found near a cut.
 */
export async function splitAtSteps(
  path: string,
  size: number,
  parts: number,
): Promise<Array<[number, number]>> {
  const cuts: number[] = [];
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(WINDOW);
    for (let k = 1; k < parts; k++) {
      const target = Math.floor((size * k) / parts);
      if (cuts.length && target <= cuts[cuts.length - 1]!) continue;
      const { bytesRead } = await fh.read(buf, 0, WINDOW, target);
      const window = buf.subarray(0, bytesRead);
      for (let at = window.indexOf(STEP_HEADER); at !== -1; at = window.indexOf(STEP_HEADER, at + 1)) {
        const lineStart = window.lastIndexOf(10, at) + 1;
        // The header must open its line (after the runner's timestamp, if any), and the line must begin
        // inside the window (lineStart 0 could be mid-line).
        const prefix = window.subarray(lineStart, at).toString('latin1');
        if (lineStart > 0 && (prefix === '' || /^\d{4}-\d\d-\d\dT[\d:.]+Z $/.test(prefix))) {
          cuts.push(target + lineStart);
          break;
        }
      }
    }
  } finally {
    await fh.close();
  }
  const bounds = [0, ...cuts, size];
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + 1 < bounds.length; i++)
    if (bounds[i + 1]! > bounds[i]!) ranges.push([bounds[i]!, bounds[i + 1]!]);
  return ranges;
}
