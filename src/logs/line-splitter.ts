import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into lines, bounded in memory whatever the input: a line longer than `maxLine`
 * characters is cut to that length (and counted) while the rest of it is skipped, so a 10 MB line costs
 * `maxLine` characters, not 10 MB. Line numbers are 1-based and count every `\n` of the input, so they
 * match `sed -n`.
 */
export interface SplitterOptions {
  maxLine: number;
}

export type LineSink = (text: string, lineNo: number) => void;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  private skipping = false;
  private lineNo = 0;
  truncated = 0;
  bytes = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly options: SplitterOptions = { maxLine: 8192 },
  ) {}

  get lines(): number {
    return this.lineNo;
  }

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.push(this.decoder.write(chunk as Buffer));
  }

  end(): void {
    this.push(this.decoder.end());
    if (this.carry.length > 0 || this.skipping) this.emit(this.carry);
    this.carry = '';
    this.skipping = false;
  }

  private push(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      const piece = text.slice(start, nl);
      if (this.carry.length > 0 || this.skipping) {
        const whole = this.skipping ? this.carry : this.carry + piece;
        this.carry = '';
        this.emit(whole);
      } else {
        this.emit(piece);
      }
      this.skipping = false;
      start = nl + 1;
    }
    if (start < text.length && !this.skipping) {
      this.carry += text.slice(start);
      if (this.carry.length > this.options.maxLine) this.skipping = true;
    }
  }

  private emit(line: string): void {
    this.lineNo++;
    if (line.length > this.options.maxLine) {
      this.truncated++;
      line = line.slice(0, this.options.maxLine);
    }
    this.sink(line, this.lineNo);
  }
}
