import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { BaselineCache, BaselineKey } from '../pipeline/fetch-baselines.js';

/** Logs kept at most: the oldest go first. Passing logs compress ~10×; 100 of them are tens of MB at most. */
const MAX_FILES = 100;

/** The key as a file name: nothing of it (a job's name is the repository's text) reaches the path. */
export const baselineFileName = (k: BaselineKey) =>
  `${createHash('sha256')
    .update(JSON.stringify([k.repo, k.workflow, k.job, k.commit]))
    .digest('hex')}.log.gz`;

/**
 * Passing job logs in the CLI's state folder (`CI_AUTOFIX_STATE_DIR/baselines`), gzipped, one file per
 * key: a second run on the same repository reads its baseline without downloading it again.
 */
export class FileBaselineCache implements BaselineCache {
  constructor(readonly dir: string) {}

  async get(key: BaselineKey): Promise<Buffer | undefined> {
    try {
      return gunzipSync(await readFile(join(this.dir, baselineFileName(key))));
    } catch {
      // Absent, or torn by a crash: downloaded again.
      return undefined;
    }
  }

  async put(key: BaselineKey, log: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const name = baselineFileName(key);
    const tmp = join(this.dir, `.${name}.${process.pid}`);
    await writeFile(tmp, gzipSync(log));
    // Renamed into place: a reader never sees half a file.
    await rename(tmp, join(this.dir, name));
    await this.trim();
  }

  private async trim(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.log.gz'));
    if (names.length <= MAX_FILES) return;
    const aged = await Promise.all(
      names.map(async (n) => ({
        n,
        at: (await stat(join(this.dir, n)).catch(() => undefined))?.mtimeMs ?? 0,
      })),
    );
    aged.sort((a, b) => a.at - b.at);
    for (const { n } of aged.slice(0, names.length - MAX_FILES)) await rm(join(this.dir, n), { force: true });
  }
}
