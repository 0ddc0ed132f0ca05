/**
 * Turns one raw log line into what a tool printed: no byte-order mark, no carriage return, no ANSI
 * escapes, no GitHub Actions timestamp. Every regex here is linear: no nested quantifiers.
 */

// CSI sequences (colours, cursor moves), OSC sequences (hyperlinks, titles) ended by BEL or ST, and the
// two-byte escapes. https://en.wikipedia.org/wiki/ANSI_escape_code
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;

// The runner prefixes every line of a raw job log with an ISO-8601 UTC timestamp and one space.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z ?/;

// What is left of an escape sequence cut off by the line-length cap.
const CUT_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*)?$/;

export function stripAnsi(text: string): string {
  if (text.indexOf('\x1b') === -1) return text;
  const out = text.replace(ANSI, '');
  return out.indexOf('\x1b') === -1 ? out : out.replace(CUT_ESCAPE, '').replace(/\x1b/g, '');
}

export function hasTimestamp(text: string): boolean {
  return (
    text.length >= 20 &&
    text.charCodeAt(4) === 45 /* - */ &&
    text.charCodeAt(10) === 84 /* T */ &&
    TIMESTAMP.test(text)
  );
}

export function stripTimestamp(text: string): string {
  return hasTimestamp(text) ? text.replace(TIMESTAMP, '') : text;
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
