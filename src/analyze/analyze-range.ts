import { open } from 'node:fs/promises';
import { parsers, type ParserName } from '../parsers/index.js';
import { LogAnalyzer } from './log-analyzer.js';

/** How the analyzer of a part of a file is set up (the same on the main thread and in a worker). */
export interface PartJob {
  path: string;
  parserNames: ParserName[];
  maxDiagnostics: number;
  maxLine: number;
}

const CHUNK = 256 * 1024;

/**
 * Analyses bytes [start, end) of a file into a fresh analyzer, in chunks; `take(at, n)` says how many of
 * the next n bytes (from `at`) it may analyse, 0 to stop (the main thread's part ends where the workers'
 * begin, which it learns as it goes). Two buffers: the next chunk is read while one is analysed.
 */
export async function analyzeRange(
  job: PartJob,
  start: number,
  end: number,
  take: (at: number, n: number) => number = (at, n) => Math.min(n, end - at),
): Promise<LogAnalyzer> {
  const analyzer = new LogAnalyzer({
    parsers: job.parserNames.map((n) => parsers[n]),
    maxDiagnostics: job.maxDiagnostics,
    maxLine: job.maxLine,
  });
  analyzer.begin(job.path);
  const fh = await open(job.path, 'r');
  try {
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let k = 0;
    let at = start;
    let next = fh.read(bufs[0]!, 0, Math.min(CHUNK, end - at), at);
    for (;;) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const n = take(at, bytesRead);
      if (n <= 0) break;
      const chunk = bufs[k]!.subarray(0, n);
      k ^= 1;
      const more = n === bytesRead && at + n < end;
      if (more) next = fh.read(bufs[k]!, 0, Math.min(CHUNK, end - at - n), at + n);
      analyzer.write(chunk);
      at += n;
      if (!more) break;
    }
  } finally {
    await fh.close();
  }
  analyzer.end();
  return analyzer;
}

/**
 * Where the main thread and the workers meet, shared between threads: the main thread reads the file
 * forwards from 0 up to `limit`, and has `reserved` the bytes before it (analysed, or about to be);
 * workers take steps off the end, each lowering `limit` to where its part starts, but never below
 * `reserved`. A spin lock guards the pair (it is held for a few comparisons).
 */
export class Frontier {
  private readonly lock: Int32Array;
  private readonly pos: Float64Array;

  constructor(
    readonly shared: SharedArrayBuffer,
    size?: number,
  ) {
    this.lock = new Int32Array(shared, 0, 1);
    this.pos = new Float64Array(shared, 8, 2);
    if (size !== undefined) this.pos[1] = size;
  }

  static create(size: number): Frontier {
    return new Frontier(new SharedArrayBuffer(24), size);
  }

  private locked<T>(f: () => T): T {
    while (Atomics.compareExchange(this.lock, 0, 0, 1) !== 0);
    try {
      return f();
    } finally {
      Atomics.store(this.lock, 0, 0);
    }
  }

  /** The main thread: how many of the n bytes from `at` are still its own (reserving them). */
  reserve(at: number, n: number): number {
    return this.locked(() => {
      const m = Math.max(0, Math.min(n, this.pos[1]! - at));
      this.pos[0] = at + m;
      return m;
    });
  }

  read(): { reserved: number; limit: number } {
    return this.locked(() => ({ reserved: this.pos[0]!, limit: this.pos[1]! }));
  }

  /** A worker: takes [start, end) if `end` is still the limit and the main thread is not past `start`. */
  claim(start: number, end: number): boolean {
    return this.locked(() => {
      if (this.pos[1] !== end || this.pos[0]! > start) return false;
      this.pos[1] = start;
      return true;
    });
  }
}
