import { describe, expect, it } from 'vitest';
import { toolsPath } from './helpers/example-repo.js';
import { allEnded, SECRET, useFaultFleet } from './helpers/fault-fleet.js';
import { deliverTwice, failingPulls, FIXED_ONCE, startReplicas, verdict } from './helpers/replica-fleet.js';
import type { ServeProcess } from './helpers/serve-process.js';

const fleet = useFaultFleet();

describe('ci-autofix serve under faults, with its defaults (test/helpers/fault-fleet.ts)', () => {
  it('SIGTERM while jobs run past the grace: they are handed back and finished once by the other replica', async () => {
    const server = fleet.server();
    // Each run of this check sleeps 15 s: a fix job takes longer than the 25 s of grace.
    const pulls = await failingPulls(server, ['octo/fleet-slow'], 2, toolsPath, 15);
    const { env, db } = await fleet.database();
    const replicas = fleet.track(await startReplicas(2, env));
    await deliverTwice(server, replicas, pulls, SECRET);
    const [a, b] = replicas as [ServeProcess, ServeProcess];
    const first = await Promise.race(
      [a, b].map((r) => r.waitForLog((e) => e.msg === 'job started').then(() => r)),
    );
    const other = first === a ? b : a;
    expect(await first.stop('SIGTERM')).toBe(0);
    const released = await db.query<{ error: string | null }>(
      `SELECT error FROM autofix.attempts WHERE number = 1 AND error IS NOT NULL`,
    );
    expect(released.rows.map((r) => r.error)).toContain('released at shutdown');

    const jobs = await allEnded(db, pulls.length);
    expect(jobs.map((j) => j.state)).toEqual(['done', 'done']);
    // Handed back, not lost: no heartbeat's silence was waited for.
    expect(jobs.every((j) => j.lost === 0)).toBe(true);
    expect(other.lines.filter((e) => e.msg === 'job finished').length).toBeGreaterThan(0);
    for (const p of pulls)
      expect(verdict(server, p, toolsPath)).toEqual({ pull: `${p.repo}#${p.number}`, ...FIXED_ONCE });
  }, 600_000);
});
