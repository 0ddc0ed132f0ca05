/**
 * Turns one raw log line into what a tool printed: no byte-order mark, no carriage return, no ANSI
 * escapes, no GitHub Actions timestamp. Every regex here is linear: no nested quantifiers.
 */

// CSI sequences (colours, cursor moves), OSC sequences (hyperlinks, titles) ended by BEL or ST, and the
// two-byte escapes. https://en.wikipedia.org/wiki/ANSI_escape_code
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;

// The runner prefixes every line of a raw job log with an ISO-8601 UTC timestamp and one space:
// `2026-03-04T10:15:01.1234567Z `. Checked by position, not regex: it runs on every line of every log.
const isDigit = (c: number) => c >= 48 && c <= 57;

// What is left of an escape sequence cut off by the line-length cap.
const CUT_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*)?$/;

/**
 * Where the escape sequence starting at `i` (an ESC) ends, by the rules of ANSI above, or -1 when the
 * ESC starts none (it is then dealt with like a cut escape).
 */
function escapeEnd(t: string, i: number): number {
  const n = t.length;
  const c = t.charCodeAt(i + 1);
  if (c === 91 /* [ */) {
    let j = i + 2;
    while (j < n && t.charCodeAt(j) >= 0x30 && t.charCodeAt(j) <= 0x3f) j++;
    while (j < n && t.charCodeAt(j) >= 0x20 && t.charCodeAt(j) <= 0x2f) j++;
    const f = j < n ? t.charCodeAt(j) : -1;
    return f >= 0x40 && f <= 0x7e ? j + 1 : -1;
  }
  if (c === 93 /* ] */) {
    let j = i + 2;
    while (j < n && t.charCodeAt(j) !== 7 && t.charCodeAt(j) !== 27) j++;
    if (j < n && t.charCodeAt(j) === 7) return j + 1;
    return j + 1 < n && t.charCodeAt(j) === 27 && t.charCodeAt(j + 1) === 92 /* \ */ ? j + 2 : j;
  }
  return (c >= 0x40 && c <= 0x5a) || (c >= 0x5c && c <= 0x5f) ? i + 2 : -1;
}

/**
 * Removes ANSI escapes. Coloured output has one every few characters on most lines, so this walks the
 * line once and copies the text between escapes instead of running the ANSI regex (same result).
 */
export function stripAnsi(text: string): string {
  let esc = text.indexOf('\x1b');
  if (esc === -1) return text;
  let out = '';
  let from = 0;
  let leftover = false;
  while (esc !== -1) {
    const end = escapeEnd(text, esc);
    if (end === -1) {
      leftover = true;
      esc = text.indexOf('\x1b', esc + 1);
      continue;
    }
    out += text.slice(from, esc);
    from = end;
    esc = text.indexOf('\x1b', end);
  }
  out += text.slice(from);
  return leftover ? out.replace(CUT_ESCAPE, '').replace(/\x1b/g, '') : out;
}

/** The regex form of stripAnsi, the reference its tests compare with. */
export function stripAnsiByRegex(text: string): string {
  if (text.indexOf('\x1b') === -1) return text;
  const out = text.replace(ANSI, '');
  return out.indexOf('\x1b') === -1 ? out : out.replace(CUT_ESCAPE, '').replace(/\x1b/g, '');
}

/** Length of the timestamp prefix (with its trailing space), or 0 when the line has none. */
export function timestampLength(text: string): number {
  if (
    text.length < 20 ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58 ||
    !isDigit(text.charCodeAt(0)) ||
    !isDigit(text.charCodeAt(18))
  )
    return 0;
  let i = 19;
  if (text.charCodeAt(i) === 46 /* . */) {
    i++;
    const start = i;
    while (i < text.length && i - start < 9 && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return 0;
  }
  if (text.charCodeAt(i) !== 90 /* Z */) return 0;
  i++;
  return text.charCodeAt(i) === 32 ? i + 1 : i;
}

export function hasTimestamp(text: string): boolean {
  return timestampLength(text) > 0;
}

export function stripTimestamp(text: string): string {
  const n = timestampLength(text);
  return n ? text.slice(n) : text;
}

export function cleanLine(raw: string): string {
  let text = raw;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
  text = stripTimestamp(text);
  // A BOM can also follow the timestamp when a step's own output starts with one.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = stripAnsi(text);
  return text;
}
