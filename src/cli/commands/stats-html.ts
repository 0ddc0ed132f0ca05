import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { setting } from '../../config/index.js';
import { githubWebUrl, overviewFile } from '../../dashboard/index.js';
import { AutofixError, isAutofixError } from '../../domain/index.js';
import { readOverview } from '../../store/index.js';
import { openServiceStore } from './open-store.js';

/**
 * `ci-autofix stats --html FILE`: the dashboard's overview as one self-contained file (dashboard/
 * standalone.ts), for a cron job or a CI artifact. The path is checked before the database is opened,
 * and the file is written whole or not at all: a reader (a web server publishing it) never sees half.
 */
export async function statsHtmlCommand(
  file: string,
  since: Date | undefined,
  io: { stdout: Writable; env: NodeJS.ProcessEnv },
): Promise<number> {
  const path = await writablePath(file);
  const web = githubWebUrl(setting(io.env, 'GITHUB_API_URL'));
  const db = await openServiceStore(io.env);
  try {
    const overview = await readOverview(db.reports, since ? { since } : {});
    await writeAtomically(path, overviewFile(overview, { web, days: overview.days.length }));
    io.stdout.write(`wrote the overview of ${overview.stats.jobs.total} job(s) to ${path}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** The file's absolute path, when its folder exists and it is not itself a folder. */
export async function writablePath(file: string): Promise<string> {
  const path = resolve(file);
  const problem = (why: string) =>
    new AutofixError('usage', `--html ${JSON.stringify(file)}: ${why}; give the path of a file to write`);
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory()) throw problem(`the folder ${dirname(path)} does not exist`);
  if ((await stat(path).catch(() => undefined))?.isDirectory()) throw problem('that is a folder');
  return path;
}

/** Written beside its place, then renamed over it; a problem names the file and the system's reason. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.ci-autofix.tmp`);
  try {
    await writeFile(temporary, text, { mode: 0o644 });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true }).catch(() => undefined);
    if (isAutofixError(err)) throw err;
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new AutofixError('usage', `cannot write ${path} (${reason}): check that the folder is writable`);
  }
}
