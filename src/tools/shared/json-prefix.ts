/**
 * Parses JSON that may be cut short: a report printed on one line longer than the log reader keeps
 * (it cuts a line at `maxLine` bytes), or a pretty-printed one past a parser's cap. The values completed
 * before the cut are kept and every container still open is closed, so a jest or vitest report keeps
 * its counts (they come first) and the tests read up to the cut. One pass to find the cut, one
 * `JSON.parse`: linear in the text. Not JSON at all: undefined.
 */
export function parseJsonPrefix(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Cut short, or not JSON: the repair below tells which.
  }
  const stack: number[] = [];
  let cut = -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      stack.push(c);
      cut = i + 1;
      depth = stack.length;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      cut = i + 1;
      depth = stack.length;
    }
  }
  if (cut === -1) return undefined;
  // Right after an opening or closing bracket the text is a valid JSON prefix; no bracket moved since the
  // last one, so the stack below `depth` is still the one that was open there.
  let closers = '';
  for (let d = depth - 1; d >= 0; d--) closers += stack[d] === 123 ? '}' : ']';
  try {
    return JSON.parse(text.slice(0, cut) + closers) as unknown;
  } catch {
    return undefined;
  }
}
