import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The broken sources the fixture script runs real tools on include failing tests on purpose.
    exclude: ['test/fixtures/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
