import type { Diagnostic } from '../domain/index.js';
import { enclosingBlock, importLines } from './code-blocks.js';
import { definitionRanges, toolConfigRanges } from './related-context.js';
import { estimateTokens } from './tokens.js';

export { enclosingBlock, importLines };

/** A slice of a file sent to the model, by whole lines (1-based, inclusive). */
export interface FileSlice {
  file: string;
  from: number;
  to: number;
  text: string;
  why: string;
  /** Shown for reference only (tool settings): edits to it are rejected. */
  reference?: boolean;
}

export interface ContextBudget {
  /** Input tokens for the whole request (default 8k); met by choosing less context, never by cutting lines. */
  maxInputTokens: number;
  /** Files up to this many lines are sent whole. */
  wholeFileLines: number;
}

export const DEFAULT_BUDGET: ContextBudget = { maxInputTokens: 8000, wholeFileLines: 80 };

/**
 * The context for one group of diagnostics: each file's imports and the enclosing block of each location
 * (whole files when small), merged by file, chosen most-relevant-first until the budget is spent; then,
 * while they fit whole, the definitions the messages name and the reporting tools' settings.
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
  const shown = (file: string, line: number) =>
    slices.some((s) => s.file === file && s.from <= line && line <= s.to);
  for (const r of [...definitionRanges(diagnostics, read), ...toolConfigRanges(diagnostics, read)]) {
    if (shown(r.file, r.from)) continue;
    const text = read(r.file)!
      .split('\n')
      .slice(r.from - 1, r.to)
      .join('\n');
    const cost = estimateTokens(text) + 20;
    if (spent + cost > budget.maxInputTokens) continue;
    slices.push({ file: r.file, from: r.from, to: r.to, text, why: r.why, reference: r.reference });
    spent += cost;
  }
  return slices;
}
