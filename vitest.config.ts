import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The broken sources the fixture script runs real tools on include failing tests on purpose.
    exclude: ['test/fixtures/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
    // Every test file fails when it read a file beside the checkout (test/helpers/read-guard.ts).
    setupFiles: ['./test/helpers/read-guard.ts'],
    // The CLIs the tests start record model spending (the per-day budget) here, not in the user's state.
    env: { CI_AUTOFIX_STATE_DIR: mkdtempSync(join(tmpdir(), 'ci-autofix-state-')) },
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
