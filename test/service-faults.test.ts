import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/store/index.js';
import { createTestDatabase } from './helpers/databases.js';
import { toolsPath } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { killAt } from './helpers/kill-moments.js';
import {
  deliverTwice,
  failingPulls,
  fleetEnv,
  FIXED_ONCE,
  startReplicas,
  verdict,
} from './helpers/replica-fleet.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';

/**
 * The service's promises under faults, with its own defaults (heartbeat every 10 s, takeover after
 * 60 s of silence, 25 s of grace at SIGTERM, two jobs per replica): replicas of `ci-autofix serve` on
 * one fresh PostgreSQL database, every webhook delivered twice, a replica killed or stopped while it
 * works. Every PR must end fixed exactly once: one fast-forward push, the check green at the new head,
 * one status comment in its final state. bench/service-faults runs the longer version (a dozen PRs,
 * ten kill moments).
 */

let server: GitHubServer;
let token: string;
const SECRET = 'webhook-secret-for-fault-tests-0123456789';
const state = mkdtempSync(join(tmpdir(), 'ci-autofix-faults-state-'));
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

useGitHubServer((s, t) => ((server = s), (token = t)));

/** A fresh database, and the replicas' environment on it. */
async function fleetDatabase(): Promise<{ env: Record<string, string>; db: Database }> {
  const t = await createTestDatabase('postgres', { migrate: false });
  await t.db.close();
  cleanup.push(() => t.drop());
  const db = await openDatabase({ url: t.url!, dataDir: '' });
  cleanup.push(() => db.close());
  const env = fleetEnv({
    token,
    apiUrl: server.apiUrl,
    secret: SECRET,
    databaseUrl: t.url!,
    stateDir: state,
    path: toolsPath,
  });
  return { env, db };
}

function track(replicas: ServeProcess[]): ServeProcess[] {
  for (const r of replicas) cleanup.push(() => r.stop('SIGKILL'));
  return replicas;
}

/** Waits until the store has `n` jobs and all of them have ended (a guard against a hang, not a timing). */
async function allEnded(db: Database, n: number): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 8 * 60_000;
  for (;;) {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT j.pr_number, j.state, j.attempts, j.lost, j.reason, r.full_name
       FROM autofix.jobs j JOIN autofix.repositories r ON r.id = j.repository_id ORDER BY r.full_name, j.pr_number`,
    );
    if (rows.length === n && rows.every((r) => ['done', 'failed'].includes(String(r.state)))) return rows;
    if (Date.now() > deadline) throw new Error(`jobs did not end: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('ci-autofix serve under faults, with its defaults', () => {
  it('two replicas started together; one killed with SIGKILL as it pushes a fix, then replaced: every PR fixed once', async () => {
    const pulls = await failingPulls(server, ['octo/fleet-a', 'octo/fleet-b'], 2, toolsPath);
    const { env, db } = await fleetDatabase();
    const replicas = track(await startReplicas(2, env));
    const killed = killAt(server, replicas, 'push');
    const answers = await deliverTwice(server, replicas, pulls, SECRET);
    expect(answers.filter((a) => a.startsWith('queued job'))).toHaveLength(pulls.length);
    expect(answers.filter((a) => a.startsWith('duplicate job'))).toHaveLength(pulls.length);

    const kill = await killed;
    await new Promise((r) => setTimeout(r, 3000));
    replicas.push(...track([await startServe(env)]));

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

  it('SIGTERM while jobs run past the grace: they are handed back and finished once by the other replica', async () => {
    // Each run of this check sleeps 15 s: a fix job takes longer than the 25 s of grace.
    const pulls = await failingPulls(server, ['octo/fleet-slow'], 2, toolsPath, 15);
    const { env, db } = await fleetDatabase();
    const replicas = track(await startReplicas(2, env));
    await deliverTwice(server, replicas, pulls, SECRET);
    const [a, b] = replicas as [ServeProcess, ServeProcess];
    const first = await Promise.race(
      [a, b].map((r) => r.waitForLog((e) => e.msg === 'job started', 120_000).then(() => r)),
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

  it('on the embedded database, a serve killed with SIGKILL mid-job finishes the job once when it starts again', async () => {
    const pulls = await failingPulls(server, ['octo/embedded'], 2, toolsPath);
    const dataDir = mkdtempSync(join(tmpdir(), 'ci-autofix-faults-pglite-'));
    const { DATABASE_URL: _server, ...env } = fleetEnv({
      token,
      apiUrl: server.apiUrl,
      secret: SECRET,
      databaseUrl: '',
      stateDir: state,
      path: toolsPath,
    });
    const embedded = { ...env, CI_AUTOFIX_DATA_DIR: dataDir };
    const first = track(await startReplicas(1, embedded));
    const killed = killAt(server, first, 'comment');
    await deliverTwice(server, first, pulls.slice(0, 1), SECRET);
    await killed;
    // The same process restarted, as systemd or Docker's restart policy would: no one else to wait for.
    const again = track([await startServe(embedded)]);
    await deliverTwice(server, again, pulls.slice(1), SECRET);
    await again[0]!.waitForLog(
      () => again[0]!.lines.filter((e) => e.msg === 'job finished').length === 2,
      240_000,
    );
    for (const p of pulls)
      expect(verdict(server, p, toolsPath)).toEqual({ pull: `${p.repo}#${p.number}`, ...FIXED_ONCE });
    expect(again[0]!.lines.find((e) => e.msg === 'job started' && e.lost === 1)).toBeDefined();
  }, 600_000);
});
