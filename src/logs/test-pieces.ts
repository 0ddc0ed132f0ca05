/**
 * For the property tests of line cleaning (clean-bytes.test.ts, line-cleaner.test.ts): pieces of log lines
 * that random lines are made of, where cleaning on bytes could go wrong: stamps whole and broken, escapes
 * whole and cut, CRs, byte-order marks, characters past ASCII and the halves of one. Test code only (the
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
