/**
 * Text from logs, code and PRs is untrusted: in a comment it must stay text. A code span shows it as
 * typed (no markdown, no HTML, no @mention or #reference), fenced by more backticks than it holds.
 */
export function code(text: string, max = 200): string {
  let t = text.replace(/\s+/g, ' ').trim();
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  if (t === '') return '` `';
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space inside the fence.
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A link whose text is untrusted: the text as a code span, the address only if it is http(s). */
export function link(text: string, url: string | undefined): string {
  return url && /^https?:\/\/[^\s<>()]+$/.test(url) ? `[${code(text)}](${url})` : code(text);
}
