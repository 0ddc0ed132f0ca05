import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeRange, Frontier, type PartJob } from './analyze-range.js';
import type { AnalyzerSnapshot } from './snapshot.js';
import { stepStartAfter } from './split-ranges.js';

export type WorkerJob = Omit<PartJob, 'path'>;

export interface WorkerSetup extends PartJob {
  shared: SharedArrayBuffer;
  /** The threads reading the file, the main thread included. */
  threads: number;
}

/** A part of the file a worker analysed, from its first byte. */
export interface WorkerPart {
  start: number;
  snapshot: AnalyzerSnapshot;
}

/** Parts smaller than this are left to the main thread. */
const MIN_PART = 2 * 1024 * 1024;

/**
 * A worker thread: takes steps off the end of the file while the main thread reads it from the start,
 * each part a share of the gap between them (so the parts shrink as they meet and both finish about
 * together), then posts back the snapshots of its parts.
 */
const job = workerData as WorkerSetup;
const frontier = new Frontier(job.shared);
const parts: WorkerPart[] = [];
const fh = await open(job.path, 'r');
try {
  for (;;) {
    const { reserved, limit } = frontier.read();
    const gap = limit - reserved;
    if (gap < MIN_PART) break;
    const start = await stepStartAfter(fh, limit - Math.floor(gap / (job.threads + 1)), limit);
    if (start === -1) break;
    if (!frontier.claim(start, limit)) {
      // Another worker took the end first: try again before it; the main thread got here: done.
      if (frontier.read().reserved > start) break;
      continue;
    }
    const analyzer = await analyzeRange(job, start, limit);
    parts.push({ start, snapshot: analyzer.snapshot() });
  }
} finally {
  await fh.close();
}
parentPort!.postMessage(parts);
