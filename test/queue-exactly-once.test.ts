import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../src/store/index.js';
import { repoRoot } from './helpers/cli.js';
import { createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { exampleRepo, git } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';

/**
 * Exactly once: four worker processes on one PostgreSQL, with the service's own queue settings (a dead
 * worker's jobs are taken over after 60 s without its heartbeat), take 1,000 jobs while one of them is
 * killed with SIGKILL every few hundred milliseconds and replaced, fifteen times. Every job must end
 * done, exactly one outcome each, and the idempotent publish (a comment carrying the job's marker, on
 * the GitHub double) must have happened exactly once per job: no job lost, none published twice.
 */

const JOBS = 1000;
const PULLS = 20;
const WORKERS = 4;
const KILLS = 15;

let server: GitHubServer;
let token: string;
useGitHubServer((s, t) => ((server = s), (token = t)));

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'test/helpers/queue-worker.mjs'), url, server.apiUrl, token, 'octo/many'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${err}`)));
  });
}

describe('the job queue under SIGKILL', () => {
  it(`completes ${JOBS} jobs exactly once with workers killed at random`, async () => {
    const dir = exampleRepo('python-service');
    git(dir, 'branch', 'feature');
    await server.addRepo({ fullName: 'octo/many', from: dir, defaultBranch: 'main' });
    for (let i = 0; i < PULLS; i++)
      server.addPullRequest({
        repo: 'octo/many',
        head: { repo: 'octo/many', ref: 'feature' },
        base: { ref: 'main' },
      });

    const t: TestDatabase = await createTestDatabase('postgres');
    try {
      // The same queue settings as the workers' (test/helpers/queue-worker.mjs): the service's.
      const queue = await JobQueue.open(t.db);
      // Every job on a branch of its own, so that all of them may run in parallel.
      for (let i = 0; i < JOBS; i++)
        await queue.enqueue({
          kind: 'fix',
          repo: 'octo/many',
          pr: (i % PULLS) + 1,
          headSha: `${i}`.padStart(40, '0'),
          headRepo: 'octo/many',
          headBranch: `b${i}`,
          trigger: `suite:${i}`,
          source: 'webhook',
        });
      await queue.stop(0);

      const workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(t.url!)));
      let kills = 0;
      const count = async (sql: string) => Number((await t.db.query<{ n: string }>(sql)).rows[0]!.n);
      const deadline = Date.now() + 240_000;
      while ((await count(`SELECT count(*) AS n FROM autofix.jobs WHERE state = 'done'`)) < JOBS) {
        if (Date.now() > deadline) {
          const states = await t.db.query('SELECT state, count(*) AS n FROM autofix.jobs GROUP BY state');
          const boss = await t.db.query('SELECT state, count(*) AS n FROM autofix_queue.job GROUP BY state');
          throw new Error(
            `the jobs did not finish in 4 minutes: ${JSON.stringify(states.rows)} ${JSON.stringify(boss.rows)}`,
          );
        }
        if (process.env.DEBUG_QUEUE)
          console.log(
            kills,
            JSON.stringify(
              (await t.db.query('SELECT state, count(*) AS n FROM autofix.jobs GROUP BY state')).rows,
            ),
          );
        await new Promise((r) => setTimeout(r, 150 + Math.random() * 300));
        if (kills >= KILLS) continue;
        // Kill one at random (mid-job, most likely) and start a replacement.
        const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!;
        victim.kill('SIGKILL');
        kills++;
        workers.push(await startWorker(t.url!));
      }
      for (const w of workers) w.kill('SIGTERM');

      expect(kills).toBe(KILLS);
      expect(await count(`SELECT count(*) AS n FROM autofix.jobs`)).toBe(JOBS);
      expect(await count(`SELECT count(*) AS n FROM autofix.jobs WHERE state <> 'done'`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM autofix.outcomes`)).toBe(JOBS);
      // Some jobs ran more than once (their worker was killed): their publish still happened once.
      const retried = await count(`SELECT count(*) AS n FROM autofix.jobs WHERE attempts > 1`);
      expect(retried).toBeGreaterThan(0);
      expect(await count(`SELECT count(*) AS n FROM autofix.jobs WHERE lost > 0`)).toBeGreaterThan(0);
      const markers = server.state.comments
        .filter((c) => c.repo === 'octo/many')
        .map((c) => /<!-- job:([0-9a-f-]+) -->/.exec(c.body)?.[1]);
      expect(markers).toHaveLength(JOBS);
      expect(new Set(markers).size).toBe(JOBS);
      console.log(`exactly once: ${JOBS} jobs, ${kills} workers killed, ${retried} jobs run again`);
    } finally {
      await t.drop();
    }
  }, 300_000);
});
