import { isAscii } from 'node:buffer';
import { CLEANED_START, isAsciiLine, lineCleaner, WINDOW } from './line-cleaner.js';

/**
 * Splits a byte stream into lines, bounded in memory whatever the input: a line longer than `maxLine`
 * bytes is cut to that length (and counted) while the rest of it is skipped, so a 10 MB line costs
 * `maxLine` bytes, not 10 MB. Line numbers are 1-based and count every `\n` of the input, so they match
 * `sed -n`; a final line without `\n` counts too.
 *
 * Lines are handed over as bytes (a range of a buffer the sink must not keep) and, for nearly all lines,
 * with their cleaned text: whole lines are split and cleaned a window at a time in WebAssembly
 * (line-cleaner.ts). A line it cannot decide reaches the sink as bytes alone, and the sink cleans it
 * (clean-bytes.ts), latin1 when it is ASCII, which is cheaper, else UTF-8 (`\n` never occurs inside a
 * multi-byte UTF-8 sequence). A line is then a small flat string: string operations on it are fast, and
 * keeping one (in an excerpt or a diagnostic) does not keep a whole input chunk alive.
 */
export interface SplitterOptions {
  maxLine: number;
}

/**
 * One line: bytes [start, end) of `buf`, without `\n` and one `\r`. `ascii`: they are all ASCII. `esc`:
 * the first ESC byte at or after `start` in `buf` (possibly past `end`), or -1 when there is none.
 * `cleaned`: the line's text as cleanBytes would make it, when the splitter's LineCleaner has it already
 * (then `esc` is -1 and means nothing), and `hints` what the cleaner found in it (line-cleaner.ts HINT).
 */
export type LineSink = (
  buf: Buffer,
  start: number,
  end: number,
  ascii: boolean,
  esc: number,
  lineNo: number,
  cleaned?: string,
  hints?: number,
) => void;

const ESC = 27;

const NL = 10;
const CR = 13;

/** The first ESC in bytes [from, to), or -1 (a loop: past `to`, the cleaner's memory holds stale bytes). */
function firstEsc(b: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) if (b[i] === ESC) return i;
  return -1;
}

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skipping = false;
  private lineNo = 0;
  truncated = 0;
  bytes = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly options: SplitterOptions = { maxLine: 256 * 1024 },
  ) {}

  get lines(): number {
    return this.lineNo;
  }

  write(input: Uint8Array): void {
    const chunk = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    this.bytes += chunk.length;
    let start = 0;
    if (this.carryBytes > 0 || this.skipping) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        this.keep(chunk);
        return;
      }
      this.keep(chunk.subarray(0, nl));
      this.emitCarry();
      start = nl + 1;
    }
    // The whole lines go through the LineCleaner a window at a time: split and cleaned in one pass.
    const cleaner = lineCleaner();
    const { bytes, table } = cleaner;
    while (start < chunk.length) {
      const to = Math.min(chunk.length, start + WINDOW);
      const lines = cleaner.load(chunk, start, to, this.options.maxLine);
      if (lines === 0) {
        if (to === chunk.length) break;
        // A line longer than the window: read from the chunk, cut to maxLine by emit.
        const nl = chunk.indexOf(NL, start);
        if (nl === -1) break;
        this.emit(chunk, start, nl, false, false, chunk.indexOf(ESC, start));
        start = nl + 1;
        continue;
      }
      let raw = 0;
      let cleaned = CLEANED_START;
      for (let i = 0; i < lines * 3; i += 3) {
        const nl = table[i]!;
        const cleanedEnd = table[i + 1]!;
        const flags = table[i + 2]!;
        const text = cleaner.text(cleaned, cleanedEnd, flags);
        if (text === undefined) this.emit(bytes, raw, nl, false, false, firstEsc(bytes, raw, nl));
        else {
          let end = nl;
          if (end > raw && bytes[end - 1] === CR) end--;
          this.sink(bytes, raw, end, isAsciiLine(flags), -1, ++this.lineNo, text, flags);
        }
        raw = nl + 1;
        cleaned = cleanedEnd;
      }
      start += raw;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  end(): void {
    if (this.carryBytes > 0 || this.skipping) this.emitCarry();
  }

  /** Holds the start of a line that continues in the next chunk, up to `maxLine` bytes. */
  private keep(part: Buffer): void {
    if (this.skipping) return;
    const room = this.options.maxLine - this.carryBytes;
    if (part.length > room) {
      this.skipping = true;
      part = part.subarray(0, room);
    }
    // Copied: a stream may reuse its buffer for the next chunk.
    this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
  }

  private emitCarry(): void {
    const whole = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryBytes);
    const cut = this.skipping;
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
    this.emit(whole, 0, whole.length, cut, isAscii(whole), whole.indexOf(ESC));
  }

  private emit(buf: Buffer, start: number, end: number, cut: boolean, ascii: boolean, esc: number): void {
    this.lineNo++;
    if (end - start > this.options.maxLine) {
      end = start + this.options.maxLine;
      cut = true;
    }
    if (cut) this.truncated++;
    if (end > start && buf[end - 1] === CR) end--;
    this.sink(buf, start, end, ascii, esc, this.lineNo);
  }
}
