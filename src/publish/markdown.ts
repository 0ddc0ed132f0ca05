/** A backtick fence longer than any run of backticks in `text`, and at least `min` long. */
export function backticks(text: string, min: number): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(min, longest + 1));
}

/**
 * Text from logs, code and PRs is untrusted: in a comment it must stay text. A code span shows it as
 * typed (no markdown, no HTML, no @mention or #reference), fenced by more backticks than it holds.
 */
export function code(text: string, max = 200): string {
  let t = text.replace(/\s+/g, ' ').trim();
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  if (t === '') return '` `';
  const fence = backticks(t, 1);
  // A span that starts or ends with a backtick needs a space inside the fence.
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A link whose text is untrusted: the text as a code span, the address only if it is http(s). */
export function link(text: string, url: string | undefined): string {
  return url && /^https?:\/\/[^\s<>()]+$/.test(url) ? `[${code(text)}](${url})` : code(text);
}
