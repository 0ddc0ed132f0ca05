import { isAscii } from 'node:buffer';

/**
 * Splits a byte stream into lines, bounded in memory whatever the input: a line longer than `maxLine`
 * bytes is cut to that length (and counted) while the rest of it is skipped, so a 10 MB line costs
 * `maxLine` bytes, not 10 MB. Line numbers are 1-based and count every `\n` of the input, so they match
 * `sed -n`; a final line without `\n` counts too.
 *
 * Lines are handed over as bytes (a range of a buffer the sink must not keep): the sink decodes each on
 * its own, once cleaned (clean-bytes.ts), latin1 when it is ASCII, which is cheaper, else UTF-8 (`\n`
 * never occurs inside a multi-byte UTF-8 sequence). A line is then a small flat string: string
 * operations on it are fast, and keeping one (in an excerpt or a diagnostic) does not keep a whole input
 * chunk alive. Splitting is one `indexOf` per line: a WebAssembly pass that split and cleaned a window
 * at a time was removed, it was not worth its upkeep end to end (bench/analyze/run.ts, round 6).
 */
export interface SplitterOptions {
  maxLine: number;
}

/**
 * One line: bytes [start, end) of `buf`, without `\n` and one `\r`. `ascii`: they are all ASCII. `esc`:
 * the first ESC byte at or after `start` in `buf` (possibly past `end`), or -1 when there is none.
 */
export type LineSink = (
  buf: Buffer,
  start: number,
  end: number,
  ascii: boolean,
  esc: number,
  lineNo: number,
) => void;

const ESC = 27;

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
    // The next ESC of the chunk, looked up again only once a line passes it.
    let esc = chunk.indexOf(ESC);
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl === -1) break;
      if (this.carryBytes > 0 || this.skipping) {
        this.keep(chunk.subarray(start, nl));
        this.emitCarry();
      } else {
        if (esc !== -1 && esc < start) esc = chunk.indexOf(ESC, start);
        this.emit(chunk, start, nl, false, ascii, esc);
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
