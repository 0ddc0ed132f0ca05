import { isUtf8 } from 'node:buffer';

/**
 * cleanLine on a line's bytes, before it is a string: the runner's timestamp is skipped and ANSI escapes
 * are cut out of the bytes, so each line is decoded once into the text a tool printed, instead of being
 * decoded whole and then sliced and re-joined as strings (an intermediate string or two for every line,
 * two thirds of which carry colour codes in real logs).
 *
 * Same result as `cleanLine(decode(bytes))` by construction, and a property test checks it; where
 * byte-level work could differ (a byte-order mark, an escape cut off by the line-length cap, a non-ASCII
 * character where a timestamp could be) it returns undefined and the caller takes the string path.
 */

/** Node's Buffer has these undocumented slice methods: they skip toString's argument handling. */
type FastBuffer = Buffer & {
  latin1Slice(s: number, e: number): string;
  utf8Slice(s: number, e: number): string;
};

/** A line's bytes as they are, as text. */
export function decodeLine(buf: Buffer, start: number, end: number, ascii: boolean): string {
  const b = buf as FastBuffer;
  return ascii ? b.latin1Slice(start, end) : b.utf8Slice(start, end);
}

const ESC = 27;
const CR = 13;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Text between escapes is gathered here (ASCII lines): one decode of the result, no string joins. */
let scratch = Buffer.allocUnsafe(64 * 1024) as FastBuffer;

/** clean-line.ts's timestampLength, on bytes [start, end) that are ASCII where the stamp would be. */
function timestampLength(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (
    n < 20 ||
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

/** clean-line.ts's escapeEnd on bytes: the escapes are ASCII, so bytes and characters agree. */
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
  return (c >= 0x40 && c <= 0x5a) || (c >= 0x5c && c <= 0x5f) ? i + 2 : -1;
}

/**
 * The cleaned text of line bytes [start, end) of `buf` (the splitter has removed the `\n` and one `\r`),
 * or undefined when the string path must decide. `ascii`: the bytes are all ASCII (known per chunk).
 * `esc`: the first ESC byte at or after `start`, anywhere in `buf` (-1 for none); the splitter tracks it
 * per chunk so that a line without escapes costs no scan here.
 */
export function cleanBytes(
  buf: Buffer,
  start: number,
  end: number,
  ascii: boolean,
  esc: number,
): string | undefined {
  const b = buf as FastBuffer;
  if (end > start && b[end - 1] === CR) end--;
  const stamp = timestampLength(b, start, end);
  if (!ascii) {
    // The string path counts the stamp's positions in characters: they are the bytes' only where the
    // bytes are ASCII (over the stamp found, or where one could be). A byte-order mark (EF BB BF) at
    // the start or after the stamp is the string path's too.
    for (let i = start, to = Math.min(end, start + (stamp || 32)); i < to; i++)
      if (b[i]! >= 0x80) return undefined;
    if (b[start + stamp] === 0xef) return undefined;
  }
  start += stamp;
  if (esc === -1 || esc >= end) return ascii ? b.latin1Slice(start, end) : b.utf8Slice(start, end);
  if (esc < start) {
    esc = b.indexOf(ESC, start);
    if (esc === -1 || esc >= end) return ascii ? b.latin1Slice(start, end) : b.utf8Slice(start, end);
  }
  // One pass over the rest of the line: bytes between escapes are copied to `scratch`, then decoded once.
  if (scratch.length < end - start) scratch = Buffer.allocUnsafe(end - start) as FastBuffer;
  const out = scratch;
  let n = 0;
  let high = 0; // all the kept bytes ORed: below 0x80 when they are ASCII
  for (let i = start; i < esc; i++) high |= out[n++] = b[i]!;
  let i = esc;
  while (i < end) {
    const c = b[i]!;
    if (c === ESC) {
      const to = escapeEnd(b, i, end);
      if (to === -1) return undefined; // a lone or cut escape: the string path's leftover rules
      i = to;
    } else {
      high |= c;
      out[n++] = c;
      i++;
    }
  }
  if (ascii || high < 0x80) return out.latin1Slice(0, n);
  // Removing ASCII escapes from valid UTF-8 leaves it valid and decodes to the string path's text; in
  // invalid UTF-8 it could join the halves of a broken character, so the string path decides.
  return isUtf8(b.subarray(start, end)) ? out.utf8Slice(0, n) : undefined;
}
