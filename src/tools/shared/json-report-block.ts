import type { LogLine } from '../../domain/index.js';
import { parseJsonPrefix } from './json-prefix.js';

/** A JSON report read from the log: its value, its lines, and where its failures' messages start. */
export interface JsonReport {
  value: unknown;
  first: LogLine;
  last: number;
  /**
   * Pretty-printed (`jq .`, `JSON.stringify(r, null, 2)`): the line of each non-empty `"failureMessages"`
   * array, in document order, so each failure points at its own lines. Empty for a one-line report.
   */
  failureLines: number[];
  /** Pretty-printed: the line of each test file's `"assertionResults"` (its entry's first key). */
  fileLines: number[];
}

const MAX_LINES = 5000;

/**
 * Finds a test runner's JSON report in the log by its first key (`{"numFailedTestSuites":` is jest's,
 * `{"numTotalTestSuites":` vitest's): one line, as the runners print it, or pretty-printed from a `{`
 * line to a `}` line. A pretty-printed one is kept up to `maxChars`, then read as far as it was kept.
 */
export class JsonReportBlock {
  private state: 'idle' | 'pending' | 'collecting' = 'idle';
  private parts: string[] = [];
  private size = 0;
  private first: LogLine | undefined;
  private failureLines: number[] = [];
  private fileLines: number[] = [];
  private lastNo = 0;

  constructor(
    private readonly firstKey: string,
    private readonly maxChars = 4 * 1024 * 1024,
  ) {}

  /** True while a pretty-printed report may be being read (every line matters then). */
  get open(): boolean {
    return this.state !== 'idle';
  }

  /** True for the line that starts a one-line report. */
  starts(text: string): boolean {
    return text.charCodeAt(0) === 123 /* { */ && text.startsWith(`{"${this.firstKey}"`);
  }

  /** Feeds a line; returns the report when one is complete. */
  line(l: LogLine): JsonReport | undefined {
    const t = l.text;
    this.lastNo = l.no;
    if (this.state === 'pending') {
      if (!t.trimStart().startsWith(`"${this.firstKey}"`)) this.reset();
      else this.state = 'collecting';
    }
    if (this.state === 'idle') {
      if (this.starts(t))
        return { value: parseJsonPrefix(t), first: l, last: l.no, failureLines: [], fileLines: [] };
      if (t.charCodeAt(0) !== 123 || t.trimEnd() !== '{') return undefined;
      this.state = 'pending';
      this.first = l;
      this.parts = [];
      this.size = 0;
      this.failureLines = [];
      this.fileLines = [];
    }
    this.parts.push(t);
    this.size += t.length + 1;
    const trimmed = t.trimStart();
    if (trimmed.charCodeAt(0) === 34 /* " */ && this.failureLines.length < MAX_LINES) {
      if (trimmed.startsWith('"failureMessages": [') && !trimmed.startsWith('"failureMessages": []'))
        this.failureLines.push(l.no);
      else if (trimmed.startsWith('"assertionResults": [')) this.fileLines.push(l.no);
    }
    if ((t.charCodeAt(0) === 125 /* } */ && t.trimEnd() === '}') || this.size > this.maxChars)
      return this.finish(l.no);
    return undefined;
  }

  /** The input or step ended: a report cut short is read as far as it goes. */
  end(): JsonReport | undefined {
    if (this.state === 'collecting') return this.finish(this.lastNo);
    this.reset();
    return undefined;
  }

  private finish(lastNo: number): JsonReport | undefined {
    const report = {
      value: parseJsonPrefix(this.parts.join('\n')),
      first: this.first!,
      last: lastNo,
      failureLines: this.failureLines,
      fileLines: this.fileLines,
    };
    this.reset();
    return report;
  }

  private reset(): void {
    this.state = 'idle';
    this.parts = [];
    this.size = 0;
    this.failureLines = [];
    this.fileLines = [];
  }
}
