import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../src/analyze/log-analyzer.js';
import { shiftSnapshot } from '../src/analyze/snapshot.js';
import type { Analysis } from '../src/domain/index.js';
import { cli } from './helpers/cli.js';

/**
 * A log over 32 MB is cut at step boundaries and analysed on every core. The result must be exactly the
 * one-thread result: same diagnostics at the same input lines, same tests, same excerpts, same summary.
 */
interface Result {
  diagnostics: unknown[];
  tests: unknown[];
  excerpts: Array<{ lines: [number, number] }>;
  summary: Record<string, unknown>;
}

/** A log of the two fixture jobs over and over, `shard(i)` naming the steps of copy i. */
function analyseBoth(shard: (i: number) => string): { p: Result; s: Result } {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-par-'));
  const jobs = ['python-job.log', 'node-job.log'].map((f) =>
    readFileSync(join(import.meta.dirname, 'fixtures/gha', f), 'utf8').replace(/^\ufeff/, ''),
  );
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 34 * 1024 * 1024; i++) {
    const job = jobs[i % 2]!.replaceAll('Run pytest -q', `Run pytest -q --shard ${shard(i)}`).replaceAll(
      'Run npx vitest run',
      `Run npx vitest run --shard ${shard(i)}`,
    );
    parts.push(job);
    size += job.length;
  }
  const file = join(dir, 'big.log');
  writeFileSync(file, parts.join(''));
  const args = ['analyze', '-f', 'json', '--max-diagnostics', '100000', file];
  const parallel = cli(args);
  const single = cli(args, { env: { CI_AUTOFIX_PARALLEL: '0' } });
  expect(parallel.code).toBe(0);
  expect(single.code).toBe(0);
  return { p: JSON.parse(parallel.stdout) as Result, s: JSON.parse(single.stdout) as Result };
}

describe.skipIf(availableParallelism() < 2)('parallel analysis of a big log', () => {
  it('gives the same analysis as one thread', () => {
    // Each copy gets its own job name so the copies' diagnostics are distinct failures, not repeats.
    const { p, s } = analyseBoth((i) => String(i));
    expect(p.diagnostics.length).toBeGreaterThan(1000);
    expect(p.diagnostics).toEqual(s.diagnostics);
    expect(p.tests).toEqual(s.tests);
    expect(p.excerpts).toEqual(s.excerpts);
    expect(p.summary).toEqual(s.summary);
  });

  it('quotes a failure repeated in every part once, at its first place, as one thread does', () => {
    // The same job over and over: a worker reading the second half sees its failures for the first time.
    const { p, s } = analyseBoth(() => 'x');
    expect(p.excerpts.length).toBeGreaterThan(0);
    expect(p.excerpts).toEqual(s.excerpts);
    expect(p.diagnostics).toEqual(s.diagnostics);
    expect(p.summary).toEqual(s.summary);
    // Nothing from past the first copies: later copies only repeat them.
    expect(Math.max(...p.excerpts.map((e) => e.lines[1]))).toBeLessThan(1000);
  });
});

/**
 * Past the diagnostics cap, one thread counts a failure as dropped unless the same failure was already
 * kept; a part of the file knows only its own kept failures, so the final pass must reconcile the parts'
 * counts. A log of flake8 steps, each finding a few of 9 failures (so failures recur in every part, kept by
 * one part and dropped or kept again by another), with a cap of 3, cut before every step header in turn
 * (and in three parts): every cut must give one thread's analysis.
 */
describe('analysis in parts past the diagnostics cap', () => {
  const lines: string[] = ["Current runner version: '2.329.0'"];
  const stepStarts: number[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let step = 0; step < 14; step++) {
    stepStarts.push(lines.length);
    lines.push('##[group]Run flake8 src', 'flake8 src', '##[endgroup]');
    const found = 2 + (next() % 4);
    for (let k = 0; k < found; k++) {
      const f = next() % 9;
      lines.push(`src/m${f}.py:${f + 1}:1: E501 line too long (${80 + f} > 79 characters)`);
    }
    lines.push('##[error]Process completed with exit code 1.');
  }
  const text = lines.map((l) => `2026-03-04T10:15:01.0000000Z ${l}\n`);
  const bytes = Buffer.from(text.join(''));
  const offsetOf = (line: number) => Buffer.byteLength(text.slice(0, line).join(''));
  const maxDiagnostics = 3;

  const oneThread = (): Analysis => {
    const a = new LogAnalyzer({ maxDiagnostics });
    a.begin('big.log');
    a.write(bytes);
    return a.finish();
  };

  /** As analyzeInParallel does: each part analysed on its own, cloned as postMessage does, renumbered. */
  const inParts = (cuts: number[]): Analysis => {
    const main = new LogAnalyzer({ maxDiagnostics });
    const bounds = [0, ...cuts, bytes.length];
    let offset = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const part = new LogAnalyzer({ maxDiagnostics, trackDroppedKeys: i > 0 });
      part.begin('big.log');
      part.write(bytes.subarray(bounds[i], bounds[i + 1]));
      const s = structuredClone(part.snapshot());
      main.absorb(shiftSnapshot(s, offset));
      offset += s.lines;
    }
    return main.finish();
  };

  it('counts what one thread counts as dropped, wherever the file is cut', () => {
    const one = oneThread();
    expect(one.summary.diagnostics).toBe(maxDiagnostics);
    expect(one.summary.dropped).toBeGreaterThan(10);
    const cuts = stepStarts.slice(1).map(offsetOf);
    for (const cut of cuts) expect({ cut, ...inParts([cut]) }).toEqual({ cut, ...one });
    for (const [a, b] of [
      [1, 2],
      [2, 7],
      [5, 9],
      [3, 12],
    ] as const)
      expect({ cuts: [a, b], ...inParts([cuts[a]!, cuts[b]!]) }).toEqual({ cuts: [a, b], ...one });
  });
});
