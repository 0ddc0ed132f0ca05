import { isUtf8 } from 'node:buffer';

/**
 * Turns one raw log line into what a tool printed, on the line's bytes before it is a string: no
 * byte-order mark, no carriage return, no GitHub Actions timestamp, no ANSI escapes. The timestamp is
 * skipped and the escapes cut out of the bytes, so each line is decoded once into its text instead of
 * being decoded whole and then sliced and re-joined as strings (an intermediate string or two for every
 * line, two thirds of which carry colour codes in real logs).
 *
 * The only implementation of these rules (a string version and a WebAssembly one were removed: measured
 * end to end, neither paid; bench/analyze/run.ts). Its tests hold it equal to a regex reference on any mix
 * of stamps, escapes, CRs, byte-order marks and broken UTF-8 (test-pieces.ts).
 */

/** Node's Buffer has these undocumented slice methods: they skip toString's argument handling. */
type FastBuffer = Buffer & {
  latin1Slice(s: number, e: number): string;
  utf8Slice(s: number, e: number): string;
};

/** A line's bytes as they are, as text: latin1 when they are ASCII (cheaper), else UTF-8. */
export function decodeLine(buf: Buffer, start: number, end: number, ascii: boolean): string {
  const b = buf as FastBuffer;
  return ascii ? b.latin1Slice(start, end) : b.utf8Slice(start, end);
}

const ESC = 27;
const CR = 13;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** A byte-order mark, U+FEFF in UTF-8: EF BB BF. */
const isBom = (b: Uint8Array, i: number, end: number) =>
  i + 2 < end && b[i] === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf;

/** Text between escapes is gathered here: one decode of the result, no string joins. */
let scratch = Buffer.allocUnsafe(64 * 1024) as FastBuffer;

/**
 * Length of the runner's timestamp at the start of bytes [start, end), with its trailing space, or 0:
 * `2026-03-04T10:15:01.1234567Z `. Checked by position (the runner writes it on every line of every log),
 * on bytes: the stamp is ASCII.
 */
export function timestampLength(b: Uint8Array, start: number, end: number): number {
  if (
    end - start < 20 ||
    b[start + 4] !== 45 /* - */ ||
    b[start + 7] !== 45 ||
    b[start + 10] !== 84 /* T */ ||
    b[start + 13] !== 58 /* : */ ||
    b[start + 16] !== 58 ||
    !isDigit(b[start]!) ||
    !isDigit(b[start + 18]!)
  )
    return 0;
  let i = start + 19;
  if (b[i] === 46 /* . */) {
    i++;
    const from = i;
    while (i < end && i - from < 9 && isDigit(b[i]!)) i++;
    if (i === from) return 0;
  }
  if (i >= end || b[i] !== 90 /* Z */) return 0;
  i++;
  return (i < end && b[i] === 32 ? i + 1 : i) - start;
}

/**
 * Where the escape sequence at `i` (an ESC) ends, or -1 when the ESC starts none: a CSI sequence
 * (colours, cursor moves), an OSC sequence (hyperlinks, titles) ended by BEL or ST or by the line's end,
 * a character-set designation (`ESC ( B`, which `tput sgr0` prints after colours: rustfmt's diffs), or a
 * two-byte escape. https://en.wikipedia.org/wiki/ANSI_escape_code
 */
function escapeEnd(b: Uint8Array, i: number, end: number): number {
  const c = i + 1 < end ? b[i + 1]! : -1;
  if (c === 91 /* [ */) {
    let j = i + 2;
    while (j < end && b[j]! >= 0x30 && b[j]! <= 0x3f) j++;
    while (j < end && b[j]! >= 0x20 && b[j]! <= 0x2f) j++;
    const f = j < end ? b[j]! : -1;
    return f >= 0x40 && f <= 0x7e ? j + 1 : -1;
  }
  if (c === 93 /* ] */) {
    let j = i + 2;
    while (j < end && b[j] !== 7 && b[j] !== ESC) j++;
    if (j < end && b[j] === 7) return j + 1;
    return j + 1 < end && b[j] === ESC && b[j + 1] === 92 /* \ */ ? j + 2 : j;
  }
  // Not ESC and a space: in text that is more likely a lone ESC than ECMA-35's rare `ESC SP F`.
  if (c >= 0x21 && c <= 0x2f) {
    let j = i + 2;
    while (j < end && b[j]! >= 0x20 && b[j]! <= 0x2f) j++;
    const f = j < end ? b[j]! : -1;
    return f >= 0x30 && f <= 0x7e ? j + 1 : -1;
  }
  return (c >= 0x40 && c <= 0x5a) || (c >= 0x5c && c <= 0x5f) ? i + 2 : -1;
}

/**
 * What is left of an escape cut off by the line-length cap, at the end of the kept bytes [from, n) of
 * `out` (the ESC itself was not kept): `[`, parameter bytes, intermediate bytes, or nothing.
 */
function isCutEscape(out: Uint8Array, from: number, n: number): boolean {
  let j = from;
  if (j === n) return true;
  if (out[j++] !== 91 /* [ */) return false;
  while (j < n && out[j]! >= 0x30 && out[j]! <= 0x3f) j++;
  while (j < n && out[j]! >= 0x20 && out[j]! <= 0x2f) j++;
  return j === n;
}

/**
 * The cleaned text of line bytes [start, end) of `buf` (the splitter has removed the `\n` and one `\r`).
 * `ascii`: the bytes are all ASCII (known per chunk). `esc`: the first ESC byte at or after `start`,
 * anywhere in `buf` (-1 for none); the splitter tracks it per chunk so that a line without escapes costs
 * no scan here.
 */
export function cleanBytes(buf: Buffer, start: number, end: number, ascii: boolean, esc: number): string {
  const b = buf as FastBuffer;
  if (!ascii && isBom(b, start, end)) start += 3;
  if (end > start && b[end - 1] === CR) end--;
  start += timestampLength(b, start, end);
  // A byte-order mark can also follow the timestamp when a step's own output starts with one.
  if (!ascii && isBom(b, start, end)) start += 3;
  if (esc !== -1 && esc < start) esc = b.indexOf(ESC, start);
  if (esc === -1 || esc >= end) return decodeLine(b, start, end, ascii);
  return cutEscapes(b, start, end, ascii, esc);
}

/** The text of bytes [start, end) without their escapes; `esc` is the first ESC among them. */
function cutEscapes(b: FastBuffer, start: number, end: number, ascii: boolean, esc: number): string {
  // Invalid UTF-8 is decoded between escapes, as if the escapes were still there: cutting them out must
  // not join the halves of a broken character.
  if (!ascii && !isUtf8(b.subarray(start, end))) return cutEscapesBroken(b, start, end);
  // One pass over the rest of the line: bytes between escapes are copied to `scratch`, then decoded once.
  if (scratch.length < end - start) scratch = Buffer.allocUnsafe(end - start) as FastBuffer;
  const out = scratch;
  let n = 0;
  let lone = -1; // where the last ESC that starts no escape was, in `out` (it is not kept)
  let high = 0; // all the kept bytes ORed: below 0x80 when they are ASCII
  for (let i = start; i < esc; i++) high |= out[n++] = b[i]!;
  let i = esc;
  while (i < end) {
    const c = b[i]!;
    if (c === ESC) {
      const to = escapeEnd(b, i, end);
      if (to === -1) {
        lone = n;
        i++;
      } else i = to;
    } else {
      high |= c;
      out[n++] = c;
      i++;
    }
  }
  if (lone !== -1 && isCutEscape(out, lone, n)) n = lone;
  return ascii || high < 0x80 ? out.latin1Slice(0, n) : out.utf8Slice(0, n);
}

/** isCutEscape on text. */
const CUT_REST = /^(?:\[[0-?]*[ -/]*)?$/;

/** cutEscapes for a line that is not valid UTF-8: each run between escapes decoded on its own. */
function cutEscapesBroken(b: FastBuffer, start: number, end: number): string {
  const parts: string[] = [];
  let lone = -1; // the index in `parts` after the last ESC that starts no escape
  let from = start;
  let i = b.indexOf(ESC, start);
  while (i !== -1 && i < end) {
    parts.push(b.utf8Slice(from, i));
    const to = escapeEnd(b, i, end);
    if (to === -1) lone = parts.length;
    from = to === -1 ? i + 1 : to;
    i = b.indexOf(ESC, from);
  }
  parts.push(b.utf8Slice(from, end));
  if (lone !== -1 && CUT_REST.test(parts.slice(lone).join(''))) parts.length = lone;
  return parts.join('');
}
