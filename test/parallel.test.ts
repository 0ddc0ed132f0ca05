import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

/**
 * A log over 32 MB is cut at step boundaries and analysed on every core. The result must be exactly the
 * one-thread result: same diagnostics at the same input lines, same tests, same summary.
 */
describe.skipIf(availableParallelism() < 2)('parallel analysis of a big log', () => {
  it('gives the same analysis as one thread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-par-'));
    const jobs = ['python-job.log', 'node-job.log'].map((f) =>
      readFileSync(join(import.meta.dirname, 'fixtures/gha', f), 'utf8').replace(/^\ufeff/, ''),
    );
    const parts: string[] = [];
    let size = 0;
    // Each copy gets its own job name so the copies' diagnostics are distinct failures, not repeats.
    for (let i = 0; size < 34 * 1024 * 1024; i++) {
      const job = jobs[i % 2]!.replaceAll('Run pytest -q', `Run pytest -q --shard ${i}`).replaceAll(
        'Run npx vitest run',
        `Run npx vitest run --shard ${i}`,
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
    const p = JSON.parse(parallel.stdout) as {
      diagnostics: unknown[];
      tests: unknown[];
      summary: Record<string, unknown>;
    };
    const s = JSON.parse(single.stdout) as typeof p;
    expect(p.diagnostics.length).toBeGreaterThan(1000);
    expect(p.diagnostics).toEqual(s.diagnostics);
    expect(p.tests).toEqual(s.tests);
    expect(p.summary).toEqual(s.summary);
  }, 120_000);
});
