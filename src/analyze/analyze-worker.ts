import { parentPort, workerData } from 'node:worker_threads';
import { parsers, type ParserName } from '../tools/index.js';
import { LogAnalyzer } from './log-analyzer.js';
import { pumpFile } from './pump-file.js';

/** A worker thread: analyses bytes [start, end) of one file and posts back its snapshot. */
export interface WorkerJob {
  path: string;
  start: number;
  end: number;
  parserNames: ParserName[];
  maxDiagnostics: number;
  maxLine: number;
}

const job = workerData as WorkerJob;
const analyzer = new LogAnalyzer({
  parsers: job.parserNames.map((n) => parsers[n]!),
  maxDiagnostics: job.maxDiagnostics,
  maxLine: job.maxLine,
  // Past the cap, an earlier part may have kept what this one drops: the final pass needs the keys.
  trackDroppedKeys: job.start > 0,
});
analyzer.begin(job.path);
await pumpFile(job.path, analyzer, job.start, job.end);
parentPort!.postMessage(analyzer.snapshot());
