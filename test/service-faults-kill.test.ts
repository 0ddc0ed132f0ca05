import { describe, expect, it } from 'vitest';
import { toolsPath } from './helpers/example-repo.js';
import { allEnded, SECRET, useFaultFleet } from './helpers/fault-fleet.js';
import { killAt } from './helpers/kill-moments.js';
import { deliverTwice, failingPulls, FIXED_ONCE, startReplicas, verdict } from './helpers/replica-fleet.js';
import { startServe } from './helpers/serve-process.js';

const fleet = useFaultFleet();

describe('ci-autofix serve under faults, with its defaults (test/helpers/fault-fleet.ts)', () => {
  it('two replicas started together; one killed with SIGKILL as it pushes a fix, then replaced: every PR fixed once', async () => {
    const server = fleet.server();
    const pulls = await failingPulls(server, ['octo/fleet-a', 'octo/fleet-b'], 2, toolsPath);
    const { env, db } = await fleet.database();
    const replicas = fleet.track(await startReplicas(2, env));
    const killed = killAt(server, replicas, 'push');
    const answers = await deliverTwice(server, replicas, pulls, SECRET);
    expect(answers.filter((a) => a.startsWith('queued job'))).toHaveLength(pulls.length);
    expect(answers.filter((a) => a.startsWith('duplicate job'))).toHaveLength(pulls.length);

    const kill = await killed;
    await new Promise((r) => setTimeout(r, 3000));
    replicas.push(...fleet.track([await startServe(env)]));

    const jobs = await allEnded(db, pulls.length);
    expect(jobs.map((j) => j.state)).toEqual(pulls.map(() => 'done'));
    for (const p of pulls)
      expect(verdict(server, p, toolsPath)).toEqual({ pull: `${p.repo}#${p.number}`, ...FIXED_ONCE });
    // The killed job was taken over once, and said that its fix was already on the branch.
    const [repo, number] = kill.pull!.split('#') as [string, string];
    expect(jobs.find((j) => j.full_name === repo && j.pr_number === Number(number))).toMatchObject({
      attempts: 2,
      lost: 1,
    });
    expect(server.comments(repo, Number(number))[0]!.body).toContain('pushed by an earlier try of this job');
    // Every replica's /metrics reports the takeover, from the shared store.
    const survivor = replicas.find((r) => r !== kill.victim)!;
    const metrics = await (await fetch(`${survivor.url}/metrics`)).text();
    expect(metrics).toMatch(/^autofix_jobs_taken_over [1-9]/m);
    expect(metrics).toMatch(/^autofix_workers [1-9]/m);
  }, 600_000);
});
