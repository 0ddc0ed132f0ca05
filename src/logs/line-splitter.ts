import { isAscii } from 'node:buffer';

/**
 * Splits a byte stream into lines, bounded in memory whatever the input: a line longer than `maxLine`
 * bytes is cut to that length (and counted) while the rest of it is skipped, so a 10 MB line costs
 * `maxLine` bytes, not 10 MB. Line numbers are 1-based and count every `\n` of the input, so they match
 * `sed -n`; a final line without `\n` counts too.
 *
 * Each line is decoded on its own (latin1 when it is ASCII, which is cheaper, else UTF-8; `\n` never
 * occurs inside a multi-byte UTF-8 sequence). A line is then a small flat string: string operations on
 * it are fast, and keeping one (in an excerpt or a diagnostic) does not keep a whole input chunk alive.
 */
export interface SplitterOptions {
  maxLine: number;
}

export type LineSink = (text: string, lineNo: number) => void;

const NL = 10;
const CR = 13;

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
    // One check for the whole chunk: most logs are ASCII throughout.
    const ascii = isAscii(chunk);
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl === -1) break;
      if (this.carryBytes > 0 || this.skipping) {
        this.keep(chunk.subarray(start, nl));
        this.emitCarry();
      } else {
        this.emit(chunk, start, nl, false, ascii);
      }
      start = nl + 1;
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
    this.emit(whole, 0, whole.length, cut, isAscii(whole));
  }

  private emit(buf: Buffer, start: number, end: number, cut: boolean, ascii: boolean): void {
    this.lineNo++;
    if (end - start > this.options.maxLine) {
      end = start + this.options.maxLine;
      cut = true;
    }
    if (cut) this.truncated++;
    if (end > start && buf[end - 1] === CR) end--;
    // Buffer's own slice methods skip toString's argument handling; this runs once per line.
    const b = buf as Buffer & {
      latin1Slice(s: number, e: number): string;
      utf8Slice(s: number, e: number): string;
    };
    const text = ascii ? b.latin1Slice(start, end) : b.utf8Slice(start, end);
    this.sink(text, this.lineNo);
  }
}
