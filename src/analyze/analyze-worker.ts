import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parsers, type ParserName } from '../parsers/index.js';
import { LogAnalyzer } from './log-analyzer.js';

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
  parsers: job.parserNames.map((n) => parsers[n]),
  maxDiagnostics: job.maxDiagnostics,
  maxLine: job.maxLine,
  // Past the cap, an earlier part may have kept what this one drops: the final pass needs the keys.
  trackDroppedKeys: job.start > 0,
});
analyzer.begin(job.path);
// `end` is inclusive for createReadStream.
for await (const chunk of createReadStream(job.path, {
  start: job.start,
  end: job.end - 1,
  highWaterMark: 256 * 1024,
}))
  analyzer.write(chunk as Buffer);
parentPort!.postMessage(analyzer.snapshot());
