import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { unzipSync } from 'fflate';
import { AutofixError } from '../domain/index.js';
import { analyzeInParallel, canAnalyzeInParallel, PARALLEL_MIN_BYTES } from './analyze-in-parallel.js';
import { pumpFile } from './pump-file.js';
import type { LogAnalyzer } from './log-analyzer.js';

/** What reads a log: the analyzer, or a baseline remembering a passing run's lines. */
export type LogSink = Pick<LogAnalyzer, 'begin' | 'write' | 'end' | 'warn' | 'absorb' | 'workerJob'>;

const SNIFF = 8192;
// A run zip is read into memory compressed (its central directory is at the end); logs compress ~10×.
const MAX_ZIP_BYTES = 512 * 1024 * 1024;

async function sniff(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF);
    const { bytesRead } = await fh.read(buf, 0, SNIFF, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Logs are text: NUL bytes or mostly non-printable bytes in the first 8 KiB mean something else. */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let odd = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 7 || (b > 13 && b < 27 && b !== 27) || b === 127) odd++;
  }
  return odd / head.length > 0.1;
}

const isZip = (h: Uint8Array) =>
  h.length >= 4 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04;
const isGzip = (h: Uint8Array) => h.length >= 2 && h[0] === 0x1f && h[1] === 0x8b;

async function pump(stream: Readable, analyzer: LogSink): Promise<void> {
  for await (const chunk of stream) analyzer.write(chunk as Buffer);
}

function unreadable(path: string, err: unknown): AutofixError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT')
    return new AutofixError(
      'input-missing',
      `${path}: no such file. Pass a CI log file, a run zip, or - for stdin.`,
    );
  if (code === 'EISDIR')
    return new AutofixError(
      'input-directory',
      `${path} is a directory. Pass a log file or a run zip inside it.`,
    );
  if (code === 'EACCES') return new AutofixError('input-unreadable', `${path}: permission denied.`);
  return new AutofixError(
    'input-unreadable',
    `${path}: cannot read (${(err as Error)?.message ?? String(err)}).`,
  );
}

/**
 * GitHub's run-logs zip holds, per job, `N_job.txt` (the whole job) and a `job/` folder with one
 * `N_Step name.txt` per step. Step files name their steps exactly, so when a job has both, its step files
 * are read and the whole-job file is skipped (reading both would count every failure twice).
 */
export function chooseZipEntries(names: string[]): Array<{ name: string; step?: string }> {
  const texts = names.filter((n) => n.endsWith('.txt') && !n.endsWith('/'));
  const jobDirs = new Set(texts.filter((n) => n.includes('/')).map((n) => n.split('/')[0]!));
  const order = (n: string) => {
    const m = /^(\d+)_/.exec(basename(n));
    return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
  };
  const chosen = texts.filter((n) => {
    if (n.includes('/')) return true;
    const job = n.replace(/^\d+_/, '').replace(/\.txt$/, '');
    return !jobDirs.has(job);
  });
  chosen.sort((a, b) => {
    const [ja, jb] = [a.includes('/') ? a.split('/')[0]! : a, b.includes('/') ? b.split('/')[0]! : b];
    return ja.localeCompare(jb) || order(a) - order(b) || a.localeCompare(b);
  });
  return chosen.map((name) => {
    if (!name.includes('/')) return { name };
    const [job, file] = [name.split('/')[0]!, basename(name)];
    return { name, step: `${job} / ${file.replace(/^\d+_/, '').replace(/\.txt$/, '')}` };
  });
}

async function readZip(path: string, analyzer: LogSink): Promise<void> {
  const size = (await stat(path)).size;
  if (size > MAX_ZIP_BYTES)
    throw new AutofixError(
      'zip-too-large',
      `${path} is ${Math.round(size / 1048576)} MB; run zips up to 512 MB are read. Unzip it and pass the job logs instead.`,
    );
  const data = await readFile(path);
  // First pass: names only (the filter declines every entry, so nothing is inflated).
  const names: string[] = [];
  try {
    unzipSync(data, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch (err) {
    throw new AutofixError(
      'zip-unreadable',
      `${path} is not a readable zip (${(err as Error).message}). Download the run logs again.`,
    );
  }
  const entries = chooseZipEntries(names);
  if (entries.length === 0)
    throw new AutofixError(
      'zip-no-logs',
      `${path} holds no .txt log files; is it a GitHub Actions run-logs zip?`,
    );
  // Second pass: one entry at a time, so memory holds the compressed zip and a single inflated log.
  for (const e of entries) {
    analyzer.begin(`${path}:${e.name}`, { file: e.name, step: e.step });
    try {
      const one = unzipSync(data, { filter: (f) => f.name === e.name })[e.name];
      if (one) analyzer.write(one);
    } catch (err) {
      analyzer.warn(`${e.name}: ${(err as Error).message} (the entry is corrupt; skipped)`);
    }
    analyzer.end();
  }
}

/** Feeds one input (a path, or `-` for stdin) into the analyzer, whatever shape it arrives in. */
export async function readInput(
  path: string,
  analyzer: LogSink,
  stdin: Readable = process.stdin,
): Promise<void> {
  if (path === '-') {
    analyzer.begin('(stdin)');
    await pump(stdin, analyzer);
    analyzer.end();
    return;
  }
  let head: Buffer;
  try {
    head = await sniff(path);
  } catch (err) {
    throw unreadable(path, err);
  }
  if (isZip(head)) return readZip(path, analyzer);
  if (isGzip(head)) {
    analyzer.begin(path);
    await pump(createReadStream(path).pipe(createGunzip()), analyzer).catch((err: Error) =>
      analyzer.warn(`${path}: gzip stream ended early (${err.message}); analysed what was read`),
    );
    analyzer.end();
    return;
  }
  if (looksBinary(head))
    throw new AutofixError(
      'input-binary',
      `${path} looks like binary data, not a CI log. Pass the job's text log, a run zip, or a .gz log.`,
    );
  const size = (await stat(path)).size;
  const job = size >= PARALLEL_MIN_BYTES && canAnalyzeInParallel() ? analyzer.workerJob() : undefined;
  const parts = job ? await analyzeInParallel(path, size, job) : undefined;
  if (parts) {
    for (const part of parts) analyzer.absorb(part);
    return;
  }
  analyzer.begin(path);
  await pumpFile(path, analyzer);
  analyzer.end();
}
