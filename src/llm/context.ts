import type { Diagnostic } from '../domain/index.js';
import { estimateTokens } from './tokens.js';

/** A slice of a file sent to the model, by whole lines (1-based, inclusive). */
export interface FileSlice {
  file: string;
  from: number;
  to: number;
  text: string;
  why: string;
}

export interface ContextBudget {
  /** Input tokens for the whole request (default 8k); met by choosing less context, never by cutting lines. */
  maxInputTokens: number;
  /** Files up to this many lines are sent whole. */
  wholeFileLines: number;
}

export const DEFAULT_BUDGET: ContextBudget = { maxInputTokens: 8000, wholeFileLines: 80 };

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

/**
 * The context for one group of diagnostics: each file's imports and the enclosing block of each location
 * (whole files when small), merged by file, chosen most-relevant-first until the budget is spent.
 * `read` returns a repository file's text (undefined when missing).
 */
export function buildContext(
  diagnostics: Diagnostic[],
  read: (file: string) => string | undefined,
  budget: ContextBudget,
  reserved: number,
): FileSlice[] {
  const byFile = new Map<string, Array<{ from: number; to: number; why: string }>>();
  const files = new Map<string, string[]>();
  for (const d of diagnostics) {
    const file = d.location?.path;
    if (!file) continue;
    if (!files.has(file)) {
      const text = read(file);
      if (text === undefined) continue;
      files.set(file, text.split('\n'));
    }
    const lines = files.get(file)!;
    const ranges = byFile.get(file) ?? [];
    if (lines.length <= budget.wholeFileLines)
      ranges.push({ from: 1, to: lines.length, why: 'the whole file (small)' });
    else {
      const at = d.location?.range?.start.line ?? 1;
      const block = enclosingBlock(lines, at, file);
      ranges.push({ ...block, why: `the block around line ${at}` });
      const imports = importLines(lines);
      if (imports) ranges.push({ ...imports, why: 'the imports' });
    }
    byFile.set(file, ranges);
  }
  // Merge overlapping ranges per file; then add slices while they fit the budget.
  const slices: FileSlice[] = [];
  let spent = reserved;
  for (const [file, ranges] of byFile) {
    const lines = files.get(file)!;
    ranges.sort((a, b) => a.from - b.from);
    const merged: Array<{ from: number; to: number; why: string }> = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r.from <= last.to + 2) {
        last.to = Math.max(last.to, r.to);
        if (!last.why.includes(r.why)) last.why += `; ${r.why}`;
      } else merged.push({ ...r });
    }
    for (const r of merged) {
      const text = lines.slice(r.from - 1, r.to).join('\n');
      const cost = estimateTokens(text) + 20;
      if (spent + cost > budget.maxInputTokens) {
        // Too big whole: keep the lines nearest the start of the range that fit (whole lines only).
        const room = budget.maxInputTokens - spent - 20;
        if (room < 50) continue;
        let to = r.from - 1;
        let size = 0;
        while (to < r.to && size + estimateTokens(lines[to]! + '\n') <= room)
          size += estimateTokens(lines[to++]! + '\n');
        if (to < r.from) continue;
        slices.push({
          file,
          from: r.from,
          to,
          text: lines.slice(r.from - 1, to).join('\n'),
          why: `${r.why} (cut to the budget)`,
        });
        spent += size + 20;
        continue;
      }
      slices.push({ file, from: r.from, to: r.to, text, why: r.why });
      spent += cost;
    }
  }
  return slices;
}
