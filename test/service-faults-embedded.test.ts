import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolsPath } from './helpers/example-repo.js';
import { SECRET, useFaultFleet } from './helpers/fault-fleet.js';
import { killAt } from './helpers/kill-moments.js';
import { deliverTwice, failingPulls, FIXED_ONCE, startReplicas, verdict } from './helpers/replica-fleet.js';
import { startServe } from './helpers/serve-process.js';

const fleet = useFaultFleet();

describe('ci-autofix serve under faults, with its defaults (test/helpers/fault-fleet.ts)', () => {
  it('on the embedded database, a serve killed with SIGKILL mid-job finishes the job once when it starts again', async () => {
    const server = fleet.server();
    const pulls = await failingPulls(server, ['octo/embedded'], 2, toolsPath);
    const dataDir = mkdtempSync(join(tmpdir(), 'ci-autofix-faults-pglite-'));
    const { DATABASE_URL: _server, ...env } = fleet.env();
    const embedded = { ...env, CI_AUTOFIX_DATA_DIR: dataDir };
    const first = fleet.track(await startReplicas(1, embedded));
    const killed = killAt(server, first, 'comment');
    await deliverTwice(server, first, pulls.slice(0, 1), SECRET);
    await killed;
    // The same process restarted, as systemd or Docker's restart policy would: no one else to wait for.
    const again = fleet.track([await startServe(embedded)]);
    await deliverTwice(server, again, pulls.slice(1), SECRET);
    await again[0]!.waitForLog(() => again[0]!.lines.filter((e) => e.msg === 'job finished').length === 2);
    for (const p of pulls)
      expect(verdict(server, p, toolsPath)).toEqual({ pull: `${p.repo}#${p.number}`, ...FIXED_ONCE });
    expect(again[0]!.lines.find((e) => e.msg === 'job started' && e.lost === 1)).toBeDefined();
  }, 600_000);
});
