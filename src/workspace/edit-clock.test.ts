import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EditClock, type Clock } from './edit-clock.js';

const MYPY = resolve(fileURLToPath(import.meta.url), '../../../.venv/bin/mypy');
const WRONG = 'def skus() -> list[int]:\n    return ["a", "b"]\n';
// The fix a model makes: same size, so only the modification time tells mypy's cache it changed.
const RIGHT = 'def skus() -> list[str]:\n    return ["a", "b"]\n';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-clock-'));
  const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  g('init', '--quiet');
  writeFileSync(join(dir, '.gitignore'), '.mypy_cache/\n');
  writeFileSync(join(dir, 'app.py'), WRONG);
  g('add', '.');
  g('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '-m', 'initial');
  return dir;
}

/** A clock stopped in a second well past, which moves only when asked to wait. */
function stoppedClock(second: number): Clock & { slept: number[] } {
  let now = second * 1000 + 200;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

const mypy = (dir: string) => spawnSync(MYPY, ['--strict', 'app.py'], { cwd: dir, encoding: 'utf8' }).stdout;
/**
 * The file written in `second`, an hour ago, and git's index as if written then too: git trusts a file's
 * stat data when the file is older than its index, so a same-size edit dated back would look unchanged.
 */
const setSecond = (file: string, second: number) => {
  utimesSync(file, second + 0.3, second + 0.3);
  utimesSync(join(dirname(file), '.git/index'), second, second);
};

describe('EditClock (real mypy and git)', () => {
  const second = Math.floor(Date.now() / 1000) - 3600;

  it('without it, mypy reports a fixed error again when the fix has the size and second of what it checked', () => {
    const dir = repo();
    setSecond(join(dir, 'app.py'), second);
    expect(mypy(dir)).toContain('error');
    writeFileSync(join(dir, 'app.py'), RIGHT);
    setSecond(join(dir, 'app.py'), second);
    // The stale answer this guards against: the cache is trusted and the old error comes back.
    expect(mypy(dir)).toContain('List item 0 has incompatible type');
  });

  it('touches an edit made in the second the previous check started, so mypy sees the fix', async () => {
    const dir = repo();
    const clock = stoppedClock(second);
    const edits = new EditClock(clock);
    setSecond(join(dir, 'app.py'), second);
    expect(await edits.beforeCheck(dir)).toEqual([]);
    expect(mypy(dir)).toContain('error');
    writeFileSync(join(dir, 'app.py'), RIGHT);
    setSecond(join(dir, 'app.py'), second);
    expect(await edits.beforeCheck(dir)).toEqual(['app.py']);
    // It waited for the second to end, no longer.
    expect(clock.slept).toEqual([800]);
    expect(Math.floor(statSync(join(dir, 'app.py')).mtimeMs / 1000)).toBeGreaterThan(second);
    expect(mypy(dir)).toContain('Success');
  });

  it('leaves alone, and never waits for, edits made in a later second, and files put back as HEAD has them', async () => {
    const dir = repo();
    const clock = stoppedClock(second);
    const edits = new EditClock(clock);
    await edits.beforeCheck(dir);
    writeFileSync(join(dir, 'app.py'), RIGHT);
    setSecond(join(dir, 'app.py'), second + 1);
    expect(await edits.beforeCheck(dir)).toEqual([]);
    expect(clock.slept).toEqual([]);
    // Put back (a rejected edit rolled back) in the second of the check that saw the edit: touched too.
    writeFileSync(join(dir, 'app.py'), WRONG);
    setSecond(join(dir, 'app.py'), second);
    expect(await edits.beforeCheck(dir)).toEqual(['app.py']);
  });
});
