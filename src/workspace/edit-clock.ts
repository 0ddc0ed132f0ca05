import { stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from './git.js';

/** Time as the clock sees it; tests pass their own so that nothing waits. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const secondOf = (ms: number) => Math.floor(ms / 1000);

/**
 * Makes every edit visible to the check's tools. mypy trusts its cache while a file keeps its size and
 * its modification time in whole seconds, so an edit of the same size (`list[int]` → `list[str]`) made
 * in the second the previous check started reads as the version that check saw, and a good fix looks
 * as if it failed. A checked version was written before its check started, a new one after: they can
 * share a second only if both were written in the second that check started. So before each check, the
 * files changed since (or at) the previous one that carry that second are touched once it is over. The
 * wait is at most the rest of a second, and only after an edit made within the same second as a check.
 */
export class EditClock {
  private readonly last = new Map<string, { second: number; dirty: string[] }>();

  constructor(private readonly clock: Clock = REAL) {}

  /** Call before each check in `dir`. Returns the files it touched. */
  async beforeCheck(dir: string): Promise<string[]> {
    const dirty = await dirtyFiles(dir);
    const previous = this.last.get(dir);
    const touched = previous ? await this.touchCollisions(dir, previous, dirty) : [];
    this.last.set(dir, { second: secondOf(this.clock.now()), dirty });
    return touched;
  }

  private async touchCollisions(
    dir: string,
    previous: { second: number; dirty: string[] },
    dirty: string[],
  ): Promise<string[]> {
    const candidates = [...new Set([...previous.dirty, ...dirty])];
    const seconds = await Promise.all(
      candidates.map(async (f) => {
        const s = await stat(join(dir, f)).catch(() => undefined);
        return s?.isFile() ? secondOf(s.mtimeMs) : undefined;
      }),
    );
    const colliding = candidates.filter((_, i) => seconds[i] === previous.second);
    if (!colliding.length) return [];
    const wait = (previous.second + 1) * 1000 - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
    const now = new Date(Math.max(this.clock.now(), Date.now()));
    await Promise.all(colliding.map((f) => utimes(join(dir, f), now, now)));
    return colliding;
  }
}

/** Files that differ from HEAD, new ones included (the linked dependencies are ignored or symlinks). */
async function dirtyFiles(dir: string): Promise<string[]> {
  const r = await git(dir, ['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all']);
  return r.stdout
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}
