/**
 * For the property tests of line cleaning (clean-bytes.test.ts, line-splitter.test.ts): pieces of log
 * lines that random lines are made of, where cleaning on bytes could go wrong: stamps whole and broken,
 * escapes whole and cut, CRs, byte-order marks, characters past ASCII and the halves of one; and the
 * rules of clean-bytes.ts written as regexes, the reference its tests compare with. Test code only (the
 * build leaves `test-*.ts` out).
 */
export const LINE_PIECES = [
  '2026-03-04T10:15:03.1234567Z ',
  '2026-03-04T10:15:03Z',
  '2026-03-04T10:15:03.Z ',
  '\x1b',
  '\x1b[',
  '\x1b]',
  '\x1b[0m',
  '\x1b[1;31m',
  '\x1b]8;;https://x.dev\x07',
  '\x1b]8;;é\x1b\\',
  '\x1b\\',
  '\x1b(B',
  '\x1b(',
  '\x07',
  '[',
  ']',
  ';',
  'm',
  ' ',
  '\r',
  '\ufeff',
  'é',
  '✓',
  'x',
  '12',
  ':',
  '-',
  'T',
  'Z',
  '\xc3', // half of é: broken UTF-8 once encoded by piecesToBytes
  '\xa9',
  '\xe2', // the first byte of ✓
];

const SINGLE_BYTES = new Set(['\xc3', '\xa9', '\xe2']);

/** The bytes of a line made of pieces: UTF-8, but the broken halves stay single bytes. */
export function piecesToBytes(parts: string[]): Buffer {
  return Buffer.concat(
    parts.map((p) => (SINGLE_BYTES.has(p) ? Buffer.from([p.charCodeAt(0)]) : Buffer.from(p))),
  );
}

// CSI sequences, OSC sequences ended by BEL or ST (or not at all), the two-byte escapes; then what is left
// of an escape cut off by the line-length cap.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[!-/][ -/]*[0-~]|[@-Z\\-_])/g;
const CUT_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*)?$/;
// The runner's stamp, `2026-03-04T10:15:01.1234567Z `, checked by byte position: digits first and at 18.
const STAMP = /^\d[^]{3}-[^]{2}-[^]{2}T[^]{2}:[^]{2}:[^]\d(?:\.\d{1,9})?Z ?/;
const BOM = /^\xef\xbb\xbf/;

/**
 * The reference for cleanBytes: on the line's bytes (as latin1 text, a character a byte) a byte-order
 * mark, one CR at the end, the stamp and another byte-order mark are removed; the rest is decoded as UTF-8
 * and its ANSI escapes removed by regex, then what is left of a cut escape and any lone ESC.
 */
export function referenceClean(bytes: Buffer): string {
  const raw = bytes
    .toString('latin1')
    .replace(BOM, '')
    .replace(/\r$/, '')
    .replace(STAMP, '')
    .replace(BOM, '');
  const text = Buffer.from(raw, 'latin1').toString('utf8').replace(ANSI, '');
  return text.includes('\x1b') ? text.replace(CUT_ESCAPE, '').replace(/\x1b/g, '') : text;
}
