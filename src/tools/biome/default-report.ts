import type { LogLine } from '../../domain/index.js';
import { severityMark } from './categories.js';
import { CATEGORY, splitLocation, type BiomeFinding } from './finding.js';

/** The heavy horizontal line (U+2501) Biome closes each diagnostic's header with. */
const RULE = 0x2501;

interface Header {
  category: string;
  tags: string[];
  path?: string;
  line?: number;
  column?: number;
}

/**
 * `src/a.ts:2:9 lint/suspicious/noDoubleEquals  FIXABLE  ━━━━`, `src/b.ts format ━━━━` (a whole file),
 * `ci ━━━━` (the run's verdict). Tags are capital words set off by two spaces. Parsed by hand, so it stays
 * linear on a line of any length.
 */
export function parseHeader(t: string): Header | undefined {
  let end = t.length;
  while (end > 0 && t.charCodeAt(end - 1) === RULE) end--;
  if (end === t.length) return undefined;
  const parts = t.slice(0, end).trimEnd().split('  ');
  const tags = parts
    .slice(1)
    .map((p) => p.trim())
    .filter(Boolean);
  if (tags.some((tag) => !/^[A-Z]+$/.test(tag))) return undefined;
  const main = parts[0]!;
  const space = main.lastIndexOf(' ');
  const category = main.slice(space + 1);
  if (!CATEGORY.test(category)) return undefined;
  if (space <= 0) return { category, tags };
  return { category, tags, ...splitLocation(main.slice(0, space)) };
}

/** `Safe fix: …`, `Unsafe fix: …` (1.x also `Suggested fix: …`, unsafe) under the message. */
const FIX_LINE = /^[iℹ] (Safe|Unsafe|Suggested) fix\b/;

interface Block {
  header: Header;
  first: LogLine;
  last: number;
  finding?: BiomeFinding;
  fix?: boolean;
}

/**
 * The default reporter: a header, then the message after its severity mark (`×`, `!`, `i`; `✖`, `⚠`, `ℹ`
 * in colour), the code frame and the advices, every line of it indented. A block ends at the next line
 * that is not indented (the next header, the closing `Checked 7 files in 48ms.`).
 */
export class DefaultReport {
  private block: Block | undefined;

  constructor(private readonly done: (f: BiomeFinding, first: LogLine, last: number) => void) {}

  get open(): boolean {
    return this.block !== undefined;
  }

  /** True when the line was part of the report. */
  line(l: LogLine): boolean {
    const t = l.text;
    const header = t.length > 0 && t.charCodeAt(t.length - 1) === RULE ? parseHeader(t) : undefined;
    if (header) {
      this.close();
      this.block = { header, first: l, last: l.no };
      return true;
    }
    const b = this.block;
    if (!b) return false;
    if (t.length > 0 && t.charCodeAt(0) !== 32) {
      this.close();
      return false;
    }
    const s = t.trimStart();
    if (s.length === 0) return true;
    b.last = l.no;
    if (!b.finding) {
      const severity = severityMark(s.charAt(0));
      const h = b.header;
      if (severity && s.charCodeAt(1) === 32)
        b.finding = {
          category: h.category,
          path: h.path,
          line: h.line,
          column: h.column,
          severity,
          message: s.slice(2).trim(),
        };
    } else if (b.fix === undefined) {
      const fix = FIX_LINE.exec(s);
      if (fix) b.fix = fix[1] === 'Safe';
    }
    return true;
  }

  /** Hands over the block being read, if any. */
  close(): void {
    const b = this.block;
    this.block = undefined;
    if (!b?.finding) return;
    const f = b.finding;
    // A finding without the FIXABLE tag has no fix; with it, the advice line says which kind.
    f.fix = b.fix ?? (b.header.tags.includes('FIXABLE') ? undefined : false);
    this.done(f, b.first, b.last);
  }
}
