/**
 * Keeps a command's output within `max` bytes: the first quarter and the last three quarters (a failure's
 * explanation is usually at the end), with what was dropped counted.
 */
export class OutputCap {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  dropped = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const headRoom = Math.floor(this.max / 4) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
      if (chunk.length === 0) return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const tailMax = this.max - Math.floor(this.max / 4);
    if (this.tailBytes > tailMax * 2) this.trimTail(tailMax);
  }

  text(): string {
    this.trimTail(this.max - Math.floor(this.max / 4));
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return this.dropped ? `${head}\n… ${this.dropped} bytes of output dropped …\n${tail}` : head + tail;
  }

  private trimTail(keep: number): void {
    if (this.tailBytes <= keep) return;
    const all = Buffer.concat(this.tail);
    this.dropped += all.length - keep;
    this.tail = [all.subarray(all.length - keep)];
    this.tailBytes = keep;
  }
}
