/**
 * Big logs for the benchmarks: real job logs (bench/.data/real-logs, re-created by collect-real-logs.ts)
 * repeated with fresh runner timestamps until a size is reached. In the `unseen` mix each ecosystem
 * (the jobs' `setup`: go, cargo, python, node) has about the same share of the bytes, or expr's 10 MB
 * `go test -v` alone would be most of it.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { realJobs, realLogFiles, realLogsDir, type Mix } from './collect-real-logs.js';

export const dataDir = join(import.meta.dirname, '../.data');

// The runner's timestamp and its space: `2026-03-04T10:15:01.1234567Z `.
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /;

/** A real job log as lines without their timestamps (re-stamped as the big log is written). */
export function unstamped(file: string): string[] {
  return readFileSync(file, 'utf8')
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.replace(STAMP, ''));
}

/**
 * Writes `jobs` over and over (fresh stamps) into `file` until `sizeMb`; kept while newer than `sources`.
 * `cut`: stop at the first line past the size rather than after a whole job.
 */
export async function buildLog(
  jobs: string[][],
  file: string,
  sources: string[],
  sizeMb: number,
  cut = false,
): Promise<void> {
  const newest = Math.max(0, ...sources.map((s) => statSync(s).mtimeMs));
  if (existsSync(file) && statSync(file).size >= sizeMb * 1024 * 1024 && statSync(file).mtimeMs > newest)
    return;
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let written = 0;
  let t = Date.UTC(2026, 0, 1);
  let n = 0;
  while (written < sizeMb * 1024 * 1024) {
    const job = jobs[n++ % jobs.length]!;
    const parts: string[] = [];
    let bytes = written;
    for (const line of job) {
      t += 13;
      const stamped = `${new Date(t).toISOString().replace('Z', '')}0000Z ${line}\n`;
      parts.push(stamped);
      bytes += stamped.length;
      if (cut && bytes >= sizeMb * 1024 * 1024) break;
    }
    const chunk = parts.join('');
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

/** The real job logs of each mix, collected first when they are missing. */
export function realSources(mix: Mix): string[] {
  let files = realLogFiles(mix);
  if (!files) {
    console.log('Real job logs missing: collecting them (bench/analyze/collect-real-logs.ts) …');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'collect-real-logs.ts'), '--mix', mix],
      { cwd: join(import.meta.dirname, '../..'), stdio: 'inherit' },
    );
    files = realLogFiles(mix);
  }
  if (!files) throw new Error(`the real job logs of the ${mix} mix are still missing`);
  return files;
}

/** The jobs of a mix by ecosystem (their `setup`), as unstamped lines. */
function bySetup(mix: Mix): Map<string, string[][]> {
  const groups = new Map<string, string[][]>();
  for (const job of realJobs.filter((j) => j.mix === mix)) {
    const lines = unstamped(join(realLogsDir, `${job.name}.log`));
    groups.set(job.setup, [...(groups.get(job.setup) ?? []), lines]);
  }
  return groups;
}

const jobBytes = (jobs: string[][]) => jobs.reduce((n, j) => n + j.reduce((m, l) => m + l.length, 0), 0);

/** One round of the unseen mix: each ecosystem's jobs repeated until it weighs about the largest one. */
function balanced(mix: Mix): string[][] {
  const groups = [...bySetup(mix).values()];
  const largest = Math.max(...groups.map(jobBytes));
  return groups.flatMap((jobs) => {
    const times = Math.max(1, Math.round(largest / jobBytes(jobs)));
    return Array.from({ length: times }, () => jobs).flat();
  });
}

/** A `sizeMb` log of the mix's real jobs (built once, in bench/.data). */
export async function realBigLog(mix: Mix, sizeMb: number): Promise<string> {
  const sources = realSources(mix);
  const file = join(dataDir, `jobs-real-${mix}-${sizeMb}mb.log`);
  const jobs = mix === 'unseen' ? balanced(mix) : sources.map(unstamped);
  await buildLog(jobs, file, [...sources, join(import.meta.dirname, 'real-jobs.json')], sizeMb);
  return file;
}

/**
 * One `sizeMb` log per ecosystem of the mix, as `analyze` gets a single job's log: its jobs in the order
 * of real-jobs.json, repeated if they are shorter, cut at the size.
 */
export async function realSingleLogs(mix: Mix, sizeMb: number): Promise<string[]> {
  const sources = [...realSources(mix), join(import.meta.dirname, 'real-jobs.json')];
  const files: string[] = [];
  for (const [setup, jobs] of bySetup(mix)) {
    const file = join(dataDir, `job-real-${mix}-${setup}-${sizeMb}mb.log`);
    await buildLog(jobs, file, sources, sizeMb, true);
    files.push(file);
  }
  return files;
}
