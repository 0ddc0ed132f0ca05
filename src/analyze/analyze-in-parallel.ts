import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerJob } from './analyze-worker.js';
import { shiftSnapshot, type AnalyzerSnapshot } from './snapshot.js';
import { splitAtSteps } from './split-ranges.js';

/** Files smaller than this are read on one thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

const WORKER = new URL('./analyze-worker.js', import.meta.url);

/** Whether this build can analyse in worker threads (the compiled worker exists; not under tsx or vitest). */
export function canAnalyzeInParallel(): boolean {
  return (
    process.env.CI_AUTOFIX_PARALLEL !== '0' && availableParallelism() > 1 && existsSync(fileURLToPath(WORKER))
  );
}

function runWorker(job: WorkerJob): Promise<AnalyzerSnapshot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job });
    worker.once('message', (s: AnalyzerSnapshot) => resolve(s));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
}

/**
 * Analyses a big plain log on every core: the file is cut at step boundaries (`splitAtSteps`), each
 * part analysed in a worker thread, and the parts' line numbers shifted so they refer to the whole file.
 * Returns undefined when the file cannot be cut (no step headers near the cut points).
 */
export async function analyzeInParallel(
  path: string,
  size: number,
  job: Omit<WorkerJob, 'path' | 'start' | 'end'>,
): Promise<AnalyzerSnapshot[] | undefined> {
  const ranges = await splitAtSteps(path, size, availableParallelism());
  if (ranges.length < 2) return undefined;
  const parts = await Promise.all(ranges.map(([start, end]) => runWorker({ ...job, path, start, end })));
  let offset = 0;
  return parts.map((p) => {
    const shifted = shiftSnapshot(p, offset);
    offset += p.lines;
    return shifted;
  });
}
