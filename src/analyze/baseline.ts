import type { LogLine } from '../domain/index.js';
import { LineSplitter } from '../logs/line-splitter.js';
import { StepTracker } from '../logs/step-tracker.js';

/**
 * What changes between two runs of the same job although nothing went wrong: a line is compared with
 * these masked. Timestamps, durations, temporary folders, hashes and ids, and numbers of two digits or
 * more (counters, sizes, ports, line numbers). A single digit stays: `exit code 1` is not `exit code 0`.
 */
const VOLATILE: ReadonlyArray<[RegExp, string]> = [
  [/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?/g, '<time>'],
  [/\b\d{1,2}:\d\d:\d\d(\.\d+)?\b/g, '<time>'],
  [/\b\d+(\.\d+)?\s?(ns|µs|us|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b/g, '<duration>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [
    /(\/tmp|\/var\/folders|\/private\/var|[A-Z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp)[/\\][^\s'":)]*/g,
    '<tmp>',
  ],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>'],
  [/\d{2,}/g, '#'],
];

export function maskVolatile(text: string): string {
  let out = text.trim();
  for (const [re, to] of VOLATILE) out = out.replace(re, to);
  return out;
}

/** A 53-bit hash of a string (cyrb53): a baseline keeps numbers, not its lines. */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Distinct lines kept (about 25 bytes each): a 200 MB passing log has far fewer distinct lines. */
export const MAX_BASELINE_LINES = 4_000_000;

export interface BaselineSummary {
  inputs: string[];
  lines: number;
  /** Distinct lines after masking. */
  distinct: number;
  /** True when the cap was reached: lines after it were not remembered (so count as new). */
  capped: boolean;
}

/**
 * The lines of one or more passing runs of the job, masked, read as `analyze` reads a log (the same
 * cleaning, steps and shapes), so a failing log's line can be asked whether a passing run printed it.
 */
export class Baseline {
  private readonly seen = new Set<number>();
  private readonly inputs: string[] = [];
  private readonly warnings: string[] = [];
  private splitter: LineSplitter | undefined;
  private lines = 0;
  private capped = false;

  begin(label: string, place: { file?: string; step?: string } = {}): void {
    this.end();
    this.inputs.push(label);
    const tracker = new StepTracker(place.step);
    this.splitter = new LineSplitter((buf, start, end, ascii, esc, no) =>
      this.line(tracker.nextBytes(buf, start, end, ascii, esc, no, place.file)),
    );
  }

  write(chunk: Uint8Array): void {
    if (!this.splitter) this.begin('(stdin)');
    this.splitter!.write(chunk);
  }

  end(): void {
    this.splitter?.end();
    this.splitter = undefined;
  }

  warn(message: string): void {
    if (this.warnings.length < 50) this.warnings.push(message);
  }

  /** A baseline is read on one thread: it only remembers lines. */
  workerJob(): undefined {
    return undefined;
  }

  absorb(): void {}

  /** Whether a passing run printed this line (masked). */
  has(text: string): boolean {
    return this.seen.has(hash53(maskVolatile(text)));
  }

  summary(): BaselineSummary {
    this.end();
    return { inputs: this.inputs, lines: this.lines, distinct: this.seen.size, capped: this.capped };
  }

  private line(l: LogLine): void {
    this.lines++;
    if (this.seen.size >= MAX_BASELINE_LINES) {
      this.capped = true;
      return;
    }
    this.seen.add(hash53(maskVolatile(l.text)));
  }
}
