import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  }, 120_000);

  it('quotes a failure repeated in every part once, at its first place, as one thread does', () => {
    // The same job over and over: a worker reading the second half sees its failures for the first time.
    const { p, s } = analyseBoth(() => 'x');
    expect(p.excerpts.length).toBeGreaterThan(0);
    expect(p.excerpts).toEqual(s.excerpts);
    expect(p.diagnostics).toEqual(s.diagnostics);
    expect(p.summary).toEqual(s.summary);
    // Nothing from past the first copies: later copies only repeat them.
    expect(Math.max(...p.excerpts.map((e) => e.lines[1]))).toBeLessThan(1000);
  }, 120_000);
});
