/** Finding the code around a line: the enclosing block, and the import block. */
const PY_BLOCK = /^(\s*)(?:async\s+def|def|class)\s+\w+/;
const TS_BLOCK =
  /^(\s*)(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?\s+\w+|class\s+\w+|(?:const|let)\s+\w+\s*=\s*(?:async\s*)?\(|\w+\s*\([^)]*\)\s*(?::[^{]+)?\{)/;

/** The enclosing `def`/`class` (Python: by indentation) or function/class (braces) of a line. */
export function enclosingBlock(lines: string[], line: number, file: string): { from: number; to: number } {
  const i = Math.min(Math.max(line - 1, 0), lines.length - 1);
  const python = file.endsWith('.py') || file.endsWith('.pyi');
  const start = (() => {
    for (let k = i; k >= 0; k--) if ((python ? PY_BLOCK : TS_BLOCK).test(lines[k]!)) return k;
    return -1;
  })();
  if (start === -1) return { from: Math.max(1, line - 5), to: Math.min(lines.length, line + 5) };
  if (python) {
    const indent = /^(\s*)/.exec(lines[start]!)![1]!.length;
    let end = start;
    for (let k = start + 1; k < lines.length; k++) {
      const l = lines[k]!;
      if (l.trim() === '') continue;
      if (/^(\s*)/.exec(l)![1]!.length <= indent) break;
      end = k;
    }
    return { from: start + 1, to: Math.max(end + 1, line) };
  }
  let depth = 0;
  let opened = false;
  for (let k = start; k < lines.length; k++) {
    for (const ch of lines[k]!) {
      if (ch === '{') {
        depth++;
        opened = true;
      } else if (ch === '}') depth--;
    }
    if (opened && depth <= 0) return { from: start + 1, to: Math.max(k + 1, line) };
  }
  return { from: start + 1, to: Math.min(lines.length, start + 60) };
}

/** The import block at the top of a file (Python `import`/`from`, JS/TS `import`). */
export function importLines(lines: string[]): { from: number; to: number } | undefined {
  let last = -1;
  for (let k = 0; k < Math.min(lines.length, 200); k++) {
    const l = lines[k]!;
    if (
      /^(import\s|from\s+\S+\s+import\s|export\s+\*\s+from\s)/.test(l) ||
      (/^import\s*\{?/.test(l) && l.includes('from'))
    )
      last = k;
    else if (last >= 0 && l.trim() !== '' && !l.startsWith(' ') && !l.startsWith(')') && !l.startsWith('}'))
      break;
  }
  return last >= 0 ? { from: 1, to: last + 1 } : undefined;
}
