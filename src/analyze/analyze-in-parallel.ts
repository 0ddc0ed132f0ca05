import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyzeRange, Frontier } from './analyze-range.js';
import type { WorkerJob, WorkerPart, WorkerSetup } from './analyze-worker.js';
import { shiftSnapshot, type AnalyzerSnapshot } from './snapshot.js';

/** Files smaller than this are read on one thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

const WORKER = new URL('./analyze-worker.js', import.meta.url);

/** Whether this build can analyse in worker threads (the compiled worker exists; not under tsx or vitest). */
export function canAnalyzeInParallel(): boolean {
  return (
    process.env.CI_AUTOFIX_PARALLEL !== '0' && availableParallelism() > 1 && existsSync(fileURLToPath(WORKER))
  );
}

function runWorker(setup: WorkerSetup): Promise<WorkerPart[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: setup });
    worker.once('message', (parts: WorkerPart[]) => resolve(parts));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
}

/**
 * Analyses a big plain log on every core. The main thread reads the file from the start at once, while
 * the workers start (loading the parsers takes them ~0.1-0.2 s, which on two cores would otherwise be
 * time the main thread only waits) and then take steps off its end (see analyze-worker.ts) until they
 * meet. Parts begin at step headers, so each is analysed on its own; their line numbers are shifted so
 * they refer to the whole file. Always returns at least the main thread's part.
 */
export async function analyzeInParallel(
  path: string,
  size: number,
  job: WorkerJob,
): Promise<AnalyzerSnapshot[]> {
  const frontier = Frontier.create(size);
  const threads = availableParallelism();
  const setup: WorkerSetup = { ...job, path, shared: frontier.shared, threads };
  const workers = Array.from({ length: threads - 1 }, () => runWorker(setup));
  // Until the workers are done, a failed one is reported by Promise.all below.
  for (const w of workers) w.catch(() => {});
  const main = await analyzeRange({ ...job, path }, 0, size, (at, n) => frontier.reserve(at, n));
  const parts: WorkerPart[] = [
    { start: 0, snapshot: main.snapshot() },
    ...(await Promise.all(workers)).flat(),
  ];
  parts.sort((a, b) => a.start - b.start);
  let offset = 0;
  return parts.map(({ snapshot }) => {
    const shifted = shiftSnapshot(snapshot, offset);
    offset += snapshot.lines;
    return shifted;
  });
}
