/**
 * Big logs for the benchmarks: real job logs (bench/.data/real-logs, re-created by collect-real-logs.ts)
 * repeated with fresh runner timestamps until a size is reached.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { realLogFiles } from './collect-real-logs.js';

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

/** Writes `jobs` over and over (fresh stamps) into `file` until `sizeMb`; kept while newer than `sources`. */
export async function buildLog(
  jobs: string[][],
  file: string,
  sources: string[],
  sizeMb: number,
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
    for (const line of job) {
      t += 13;
      parts.push(`${new Date(t).toISOString().replace('Z', '')}0000Z ${line}\n`);
    }
    const chunk = parts.join('');
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

/** The real job logs of each mix, collected first when they are missing. */
export function realSources(mix: 'typical' | 'dense'): string[] {
  let files = realLogFiles(mix);
  if (!files) {
    console.log('Real job logs missing: collecting them (bench/analyze/collect-real-logs.ts) …');
    execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'collect-real-logs.ts')], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: 'inherit',
    });
    files = realLogFiles(mix);
  }
  if (!files) throw new Error(`the real job logs of the ${mix} mix are still missing`);
  return files;
}

/** A `sizeMb` log of the mix's real jobs (built once, in bench/.data). */
export async function realBigLog(mix: 'typical' | 'dense', sizeMb: number): Promise<string> {
  const sources = realSources(mix);
  const file = join(dataDir, `jobs-real-${mix}-${sizeMb}mb.log`);
  await buildLog(
    sources.map(unstamped),
    file,
    [...sources, join(import.meta.dirname, 'real-jobs.json')],
    sizeMb,
  );
  return file;
}
