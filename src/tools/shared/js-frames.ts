/** A JavaScript stack frame, `at fn (path:line:col)` or `at path:line:col`, in project code. */
export function projectFrame(text: string): { path: string; line: number; column: number } | undefined {
  const t = text.trimStart();
  if (!t.startsWith('at ') && !t.startsWith('❯ ')) return undefined;
  let loc = t.slice(t.startsWith('at ') ? 3 : 2).trim();
  const open = loc.lastIndexOf('(');
  if (open !== -1 && loc.endsWith(')')) loc = loc.slice(open + 1, -1);
  const m = /^(?:file:\/\/)?((?:[A-Za-z]:)?[^:]+):(\d+):(\d+)$/.exec(loc);
  if (!m) return undefined;
  const path = m[1]!;
  if (path.startsWith('node:') || path.includes('node_modules/') || path.startsWith('internal/'))
    return undefined;
  return { path, line: Number(m[2]), column: Number(m[3]) };
}
