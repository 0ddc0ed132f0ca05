import { vi } from 'vitest';

/**
 * The unit tier's promise (test/tiers.ts), kept: a unit test that starts a process fails, naming the
 * tier it belongs to instead. Set up for the unit project only (vitest.config.ts).
 */
vi.mock('node:child_process', async (original) => {
  const real = await original<typeof import('node:child_process')>();
  const refuse = (name: string) => () => {
    throw new Error(
      `child_process.${name}: a unit test starts no process; move the file to the integration tier (test/tiers.ts)`,
    );
  };
  const guarded = Object.fromEntries(
    ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'].map((n) => [n, refuse(n)]),
  );
  return { ...real, ...guarded, default: { ...real, ...guarded } };
});
