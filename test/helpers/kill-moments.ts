import type { GitHubServer } from './github-server/index.js';
import type { ServeProcess } from './serve-process.js';

/**
 * Where in a fix job a replica is killed with SIGKILL:
 * - `started`: as its job starts, before anything is written on the PR;
 * - `comment`: as the GitHub double stores its "working" status comment, before the replica hears back;
 * - `validate`: while the fix is validated (the check re-run in the sandbox);
 * - `push`: as the double stores its push, before the replica hears back (the fix is on the branch,
 *   and nothing else knows);
 * - `random`: a random moment in the first 20 s after the first job started, on a busy replica.
 */
export const KILL_MOMENTS = ['started', 'comment', 'validate', 'push', 'random'] as const;
export type KillMoment = (typeof KILL_MOMENTS)[number];

export interface Kill {
  moment: KillMoment;
  victim: ServeProcess;
  /** The PR whose job the victim was running then (`owner/name#n`), when known. */
  pull?: string;
  /** Date.now() at the kill. */
  at: number;
}

type Entry = Record<string, unknown>;

/** The jobs a replica has started and not finished, by job id, with their PR. */
function runningJobs(r: ServeProcess): Map<string, string> {
  const running = new Map<string, string>();
  for (const e of r.lines) {
    if (e.msg === 'job started') running.set(String(e.job), `${String(e.repo)}#${String(e.pr)}`);
    if (e.msg === 'job finished') running.delete(String(e.job));
  }
  return running;
}

function busyWith(replicas: ServeProcess[], pull: string): ServeProcess | undefined {
  return replicas.find((r) => [...runningJobs(r).values()].includes(pull));
}

/**
 * Kills one of `replicas` with SIGKILL when `moment` comes (see KillMoment); resolves with the kill.
 * The `comment` and `push` kills happen inside the double's own bookkeeping, synchronously, so the
 * replica dies before the answer to its request leaves the double.
 */
export function killAt(server: GitHubServer, replicas: ServeProcess[], moment: KillMoment): Promise<Kill> {
  return new Promise((resolve) => {
    let done = false;
    const kill = (victim: ServeProcess, pull?: string) => {
      if (done) return;
      done = true;
      victim.child.kill('SIGKILL');
      restore();
      resolve({ moment, victim, ...(pull ? { pull } : {}), at: Date.now() });
    };
    const restores: Array<() => void> = [];
    const restore = () => restores.splice(0).forEach((f) => f());
    const onLog = (match: (e: Entry) => boolean, then: (r: ServeProcess, e: Entry) => void) =>
      replicas.forEach(
        (r) =>
          void r
            .waitForLog(match, 10 * 60_000)
            .then((e) => then(r, e))
            .catch(() => undefined),
      );
    const pullOf = (e: Entry) => `${String(e.repo)}#${String(e.pr)}`;
    switch (moment) {
      case 'started':
        onLog(
          (e) => e.msg === 'job started',
          (r, e) => kill(r, pullOf(e)),
        );
        break;
      case 'validate':
        onLog(
          (e) => e.msg === 'progress' && e.stage === 'validate',
          (r, e) => kill(r, pullOf(e)),
        );
        break;
      case 'random':
        onLog(
          (e) => e.msg === 'job started',
          () =>
            setTimeout(() => {
              const busy = replicas.filter((r) => runningJobs(r).size > 0);
              const victim = busy[Math.floor(Math.random() * busy.length)] ?? replicas[0]!;
              kill(victim, [...runningJobs(victim).values()][0]);
            }, Math.random() * 20_000),
        );
        break;
      case 'comment':
        restores.push(
          intercept(server.state.comments, (c: { repo: string; issue: number; body: string }) => {
            const pull = `${c.repo}#${c.issue}`;
            const victim = c.body.includes('is working on') ? busyWith(replicas, pull) : undefined;
            if (victim) kill(victim, pull);
          }),
        );
        break;
      case 'push':
        restores.push(
          intercept(server.pushes, (p: { repo: string; ref: string }) => {
            const pr = server.pulls(p.repo).find((x) => `refs/heads/${x.head.ref}` === p.ref);
            const pull = pr ? `${p.repo}#${pr.number}` : undefined;
            const victim = pull ? busyWith(replicas, pull) : undefined;
            if (victim) kill(victim, pull);
          }),
        );
        break;
    }
  });
}

/** Calls `seen` for each item pushed onto `list` (after it is stored); returns the undo. */
function intercept<T>(list: T[], seen: (item: T) => void): () => void {
  const own = Object.getOwnPropertyDescriptor(list, 'push');
  Object.defineProperty(list, 'push', {
    configurable: true,
    writable: true,
    value: (...items: T[]) => {
      const n = Array.prototype.push.apply(list, items);
      for (const item of items) seen(item);
      return n;
    },
  });
  return () => {
    if (own) Object.defineProperty(list, 'push', own);
    else delete (list as { push?: unknown }).push;
  };
}
