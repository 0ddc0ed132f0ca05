import type { Diagnostic } from '../domain/index.js';
import { definitionRanges, toolConfigRanges, type RelatedRange } from './related-context.js';
import { excerptLadder, importRange, type SyntaxRange } from './syntax/index.js';
import { tokensForChars } from './tokens.js';

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
}

export const DEFAULT_BUDGET: ContextBudget = { maxInputTokens: 8000 };

/** What a slice's heading (file, lines, why) costs on top of its text. */
const HEADING = 20;
/** A tool's range longer than this is a definition's extent, not the finding's: only its start counts. */
const MAX_FINDING_LINES = 30;

interface Wanted {
  from: number;
  to: number;
  why: string;
}
interface FailingFile {
  text: string;
  lines: string[];
  findings: Array<{ from: number; to: number }>;
}

// Each file's running total of line lengths, made once: ranges are costed many times while a unit is
// chosen, grown or cut, and joining their lines every time made that quadratic in the file's size.
const prefixes = new WeakMap<string[], number[]>();

/** What sending lines `from`-`to` costs: their text's tokens (as joined with newlines) and the heading. */
function cost(lines: string[], r: { from: number; to: number }): number {
  let sums = prefixes.get(lines);
  if (!sums) {
    sums = [0];
    for (const line of lines) sums.push(sums[sums.length - 1]! + line.length + 1);
    prefixes.set(lines, sums);
  }
  const [from, to] = [Math.max(r.from, 1), Math.min(r.to, lines.length)];
  return tokensForChars(to >= from ? sums[to]! - sums[from - 1]! - 1 : 0) + HEADING;
}

/**
 * The context for one group of diagnostics. Each failing file goes whole when it fits what is left of
 * the budget (with room kept for the related ranges below); otherwise its imports and, for each
 * finding, the biggest complete unit of its syntax that fits: the enclosing definition, else the
 * statement around the finding (a whole multi-line list or call, never the lines up to the finding),
 * else a bracketed expression in it; only when even that does not fit are lines cut, and `why` says
 * so. Then, while they fit whole, the definitions the messages name and the reporting tools' settings.
 * `read` returns a repository file's text (undefined when missing). Synchronous: the parsers are started
 * beforehand (`initSyntax`); without them, each finding gets a window of lines.
 */
export function buildContext(
  diagnostics: Diagnostic[],
  read: (file: string) => string | undefined,
  budget: ContextBudget,
  reserved: number,
): FileSlice[] {
  const files = failingFiles(diagnostics, read);
  const related = [...definitionRanges(diagnostics, read), ...toolConfigRanges(diagnostics, read)];
  // Each related file read and split once, for its costs and its text.
  const relatedLines = new Map(related.map((r) => [r.file, read(r.file)!.split('\n')]));
  const relatedCost = (file: string) =>
    related.filter((r) => r.file !== file).reduce((n, r) => n + cost(relatedLines.get(r.file)!, r), 0);
  const slices: FileSlice[] = [];
  let spent = reserved;
  for (const [file, f] of files) {
    const room = budget.maxInputTokens - spent;
    const whole = { from: 1, to: f.lines.length };
    if (cost(f.lines, whole) <= room - relatedCost(file)) {
      slices.push({ file, ...whole, text: f.text, why: 'the whole file (it fits the budget)' });
      spent += cost(f.lines, whole);
      continue;
    }
    for (const r of merge(focused(file, f, room))) {
      const slice = fitted(file, f.lines, r, budget.maxInputTokens - spent);
      if (!slice) continue;
      slices.push(slice);
      spent += cost(f.lines, slice);
    }
  }
  return [...slices, ...extras(related, slices, relatedLines, budget.maxInputTokens - spent)];
}

function failingFiles(diagnostics: Diagnostic[], read: (file: string) => string | undefined) {
  const files = new Map<string, FailingFile>();
  for (const d of diagnostics) {
    const file = d.location?.path;
    if (!file) continue;
    if (!files.has(file)) {
      const text = read(file);
      if (text === undefined) continue;
      files.set(file, { text, lines: text.split('\n'), findings: [] });
    }
    const start = d.location?.range?.start.line ?? 1;
    const end = d.location?.range?.end?.line ?? start;
    const to = end >= start && end - start < MAX_FINDING_LINES ? end : start;
    files.get(file)!.findings.push({ from: start, to });
  }
  return files;
}

/**
 * The imports and, per finding, the biggest unit of its ladder (smallest first: brackets, statements,
 * the definition) that fits its share of the room. A finding already inside a chosen range adds nothing.
 */
function focused(file: string, f: FailingFile, room: number): Wanted[] {
  const wanted: Wanted[] = [];
  const imports = importRange(file, f.text);
  if (imports) wanted.push({ ...imports, why: 'the imports' });
  let left = room - wanted.reduce((n, w) => n + cost(f.lines, w), 0);
  const open = f.findings.filter((at, i) => f.findings.findIndex((o) => o.from === at.from) === i);
  for (const [i, at] of open.entries()) {
    if (wanted.some((w) => w.from <= at.from && at.to <= w.to)) continue;
    const share = left / (open.length - i);
    const ladder = excerptLadder(file, f.text, at.from, at.to);
    let pick = -1;
    ladder.forEach((r, k) => {
      if (cost(f.lines, r) <= share) pick = k;
    });
    const chosen =
      pick >= 0
        ? { ...ladder[pick]!, why: describe(ladder, pick, at.from) }
        : cutAround(f.lines, ladder[0]!, at, share, describe(ladder, 0, at.from));
    wanted.push(chosen);
    left -= cost(f.lines, chosen);
  }
  return wanted;
}

/** Why a unit was chosen, and what bigger one did not fit. */
function describe(ladder: SyntaxRange[], k: number, line: number): string {
  const r = ladder[k]!;
  const top = ladder[ladder.length - 1]!;
  const bigger = top.kind === 'definition' ? `the ${top.label}` : 'the statement around it';
  const missed = k < ladder.length - 1 ? ` (${bigger} does not fit)` : '';
  if (r.kind === 'definition') return `the ${r.label} holding line ${line}`;
  if (r.kind === 'statement') return `the statement holding line ${line}${missed}`;
  if (r.kind === 'bracket')
    return `the bracketed part of the statement holding line ${line} (the statement does not fit)`;
  return `lines around line ${line} (no syntax tree for this file)`;
}

/** The lines of `unit` nearest the finding that fit `room`: the last resort, said in `why`. */
function cutAround(
  lines: string[],
  unit: SyntaxRange,
  at: { from: number; to: number },
  room: number,
  why: string,
): Wanted {
  let from = Math.max(unit.from, Math.min(at.from, lines.length));
  let to = Math.min(unit.to, Math.max(at.to, from));
  // Grow a line at a time, after the finding and then before it, while the lines fit.
  for (let grew = true; grew;) {
    const after = to < unit.to && cost(lines, { from, to: to + 1 }) <= room;
    if (after) to++;
    const before = from > unit.from && cost(lines, { from: from - 1, to }) <= room;
    if (before) from--;
    grew = after || before;
  }
  return {
    from,
    to,
    why: `${why}: it does not fit the budget whole, so only lines ${from}-${to} of ${unit.from}-${unit.to}`,
  };
}

/** Ranges of one file, in order, overlapping or adjacent ones joined (their reasons too). */
function merge(ranges: Wanted[]): Wanted[] {
  const merged: Wanted[] = [];
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    const last = merged[merged.length - 1];
    if (last && r.from <= last.to + 2) {
      last.to = Math.max(last.to, r.to);
      if (!last.why.includes(r.why)) last.why += `; ${r.why}`;
    } else merged.push({ ...r });
  }
  return merged;
}

/** A range as a slice when it fits `room`; else its first lines that do (joined ranges can outgrow). */
function fitted(file: string, lines: string[], r: Wanted, room: number): FileSlice | undefined {
  let to = r.to;
  while (to >= r.from && cost(lines, { from: r.from, to }) > room) to--;
  if (to < r.from) return undefined;
  const why = to < r.to ? `${r.why} (cut to the budget at line ${to})` : r.why;
  return { file, from: r.from, to, text: lines.slice(r.from - 1, to).join('\n'), why };
}

/** The related ranges not already shown, while each fits whole. */
function extras(
  related: RelatedRange[],
  shown: FileSlice[],
  linesOf: ReadonlyMap<string, string[]>,
  room: number,
): FileSlice[] {
  const out: FileSlice[] = [];
  for (const r of related) {
    if (shown.some((s) => s.file === r.file && s.from <= r.from && r.from <= s.to)) continue;
    const lines = linesOf.get(r.file)!;
    const text = lines.slice(r.from - 1, r.to).join('\n');
    if (cost(lines, r) > room) continue;
    out.push({ file: r.file, from: r.from, to: r.to, text, why: r.why, reference: r.reference });
    room -= cost(lines, r);
  }
  return out;
}
