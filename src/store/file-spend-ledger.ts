import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SpendEntry, SpendLedger } from '../pipeline/index.js';

/**
 * Where a local run keeps what it spent: `CI_AUTOFIX_STATE_DIR`, else `$XDG_STATE_HOME/ci-autofix`, else
 * `~/.local/state/ci-autofix`. The service keeps the same entries in its database instead.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv): string {
  if (env.CI_AUTOFIX_STATE_DIR) return env.CI_AUTOFIX_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'ci-autofix');
}

/**
 * Spending as JSON lines, one per model fix attempt. Appends of one short line are atomic, so concurrent
 * runs on one machine do not lose each other's entries; a line that does not parse (a torn write after a
 * crash) is skipped, never fatal.
 */
export class FileSpendLedger implements SpendLedger {
  constructor(readonly file: string) {}

  async total(filter: { since?: Date; key?: string }): Promise<number> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    const since = filter.since?.toISOString();
    let usd = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      let e: Partial<SpendEntry>;
      try {
        e = JSON.parse(line) as Partial<SpendEntry>;
      } catch {
        continue;
      }
      if (typeof e.usd !== 'number' || typeof e.at !== 'string') continue;
      if (since && e.at < since) continue;
      if (filter.key !== undefined && e.key !== filter.key) continue;
      usd += e.usd;
    }
    return usd;
  }

  async record(entry: SpendEntry): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }
}
