import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { HANG_MS } from './test/helpers/hang-guard.js';
import SlowestTierFirst from './test/sequencer.js';
import { TIERS } from './test/tiers.js';

export default defineConfig({
  test: {
    // The broken sources the fixture script runs real tools on include failing tests on purpose.
    exclude: ['test/fixtures/**', 'node_modules/**'],
    // A guard against a hang, not a measure of speed (test/helpers/hang-guard.ts).
    testTimeout: HANG_MS,
    hookTimeout: HANG_MS,
    pool: 'forks',
    // One worker more than the cores (vitest's default is one less: a single worker on 2 cores): many
    // files spend much of their time waiting on child processes, servers and takeovers.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: SlowestTierFirst },
    // Every test file fails when it read a file beside the checkout (test/helpers/read-guard.ts).
    setupFiles: ['./test/helpers/read-guard.ts'],
    // The CLIs the tests start record model spending (the per-day budget) here, not in the user's state.
    env: { CI_AUTOFIX_STATE_DIR: mkdtempSync(join(tmpdir(), 'ci-autofix-state-')) },
    reporters: ['default', './test/summary-reporter.ts'],
    // One project per tier (test/tiers.ts): `vitest run --project unit` runs one.
    projects: Object.entries(TIERS).map(([name, tier]) => ({
      extends: true,
      test: {
        name,
        include: tier.include,
        exclude: ['test/fixtures/**', 'node_modules/**', ...('exclude' in tier ? tier.exclude : [])],
        // The unit tier's files share a process per worker (no child process or server outlives a test
        // there): a process and module graph per file cost two thirds of its CPU.
        ...(name === 'unit' ? { setupFiles: ['./test/helpers/unit-guard.ts'], isolate: false } : {}),
      },
    })),
  },
});
