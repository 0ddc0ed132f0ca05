/**
 * Collects a JSON array a tool printed, on one line (eslint -f json) or pretty-printed over many (ruff
 * --output-format=json), and hands it over parsed. Bounded: a block past `maxChars` is abandoned.
 */
export class JsonArrayBlock {
  private parts: string[] = [];
  private size = 0;
  private firstLine = 0;
  private active = false;

  constructor(
    private readonly looksLikeStart: (text: string) => boolean,
    private readonly maxChars = 8 * 1024 * 1024,
  ) {}

  /** True while a block is being collected (every line matters then). */
  get open(): boolean {
    return this.active;
  }

  /** Feeds a line; returns the parsed array and the line range when a block completes. */
  line(text: string, no: number): { value: unknown[]; first: number; last: number } | undefined {
    if (!this.active) {
      if (!this.looksLikeStart(text)) return undefined;
      this.active = true;
      this.parts = [];
      this.size = 0;
      this.firstLine = no;
    }
    this.parts.push(text);
    this.size += text.length;
    if (this.size > this.maxChars) {
      this.active = false;
      this.parts = [];
      return undefined;
    }
    // Pretty-printed arrays close with `]` at column 0; nested closes are indented.
    const trimmed = text.trimEnd();
    const close = trimmed === ']' || (this.parts.length === 1 && trimmed.endsWith(']'));
    if (!close) return undefined;
    try {
      const value: unknown = JSON.parse(this.parts.join('\n'));
      this.active = false;
      this.parts = [];
      return Array.isArray(value) ? { value, first: this.firstLine, last: no } : undefined;
    } catch {
      // Not JSON after all (or truncated): give up on this block rather than collect the whole log.
      this.active = false;
      this.parts = [];
      return undefined;
    }
  }
}
