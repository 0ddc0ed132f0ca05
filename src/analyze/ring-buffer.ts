/** The last `size` lines of a step, so an excerpt can show lines that came before its anchor. */
export class LineRing {
  private readonly nos: number[];
  private readonly texts: string[];
  private next = 0;
  private count = 0;

  constructor(private readonly size: number) {
    this.nos = new Array<number>(size).fill(0);
    this.texts = new Array<string>(size).fill('');
  }

  push(no: number, text: string): void {
    this.nos[this.next] = no;
    this.texts[this.next] = text.length > 500 ? `${text.slice(0, 500)}…` : text;
    this.next = (this.next + 1) % this.size;
    if (this.count < this.size) this.count++;
  }

  clear(): void {
    this.count = 0;
  }

  /** Text of lines `from..to` still held, in order; lines no longer held are left out. */
  range(from: number, to: number): { first: number; text: string[] } {
    // Lines arrive numbered one by one, so a line's slot follows from its distance to the newest: this
    // runs for every diagnostic, and a dense log has one on nearly every line.
    const newest = (this.next - 1 + this.size) % this.size;
    const newestNo = this.nos[newest]!;
    const text: string[] = [];
    let first = 0;
    let direct = this.count > 0;
    for (let no = Math.max(from, newestNo - this.count + 1); direct && no <= Math.min(to, newestNo); no++) {
      const idx = (newest - (newestNo - no) + this.size) % this.size;
      if (this.nos[idx] !== no) direct = false;
      else {
        if (!first) first = no;
        text.push(this.texts[idx]!);
      }
    }
    return direct ? { first, text } : this.scan(from, to);
  }

  /** The same, for lines not numbered one by one. */
  private scan(from: number, to: number): { first: number; text: string[] } {
    const text: string[] = [];
    let first = 0;
    for (let i = this.count; i > 0; i--) {
      const idx = (this.next - i + this.size) % this.size;
      const no = this.nos[idx]!;
      if (no < from || no > to) continue;
      if (!first) first = no;
      text.push(this.texts[idx]!);
    }
    return { first, text };
  }
}
