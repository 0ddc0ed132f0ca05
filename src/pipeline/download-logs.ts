import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FailedJob, Forge } from '../forge/forge.js';

/**
 * The failed jobs' logs, as files in `dir` for the analyzer: each job's own log, or the run's logs zip
 * when a job's log is missing (404). Logs GitHub no longer has are noted, not fatal: the caller decides
 * what no log at all means.
 */
export async function downloadLogs(
  forge: Forge,
  repo: string,
  jobs: FailedJob[],
  dir: string,
): Promise<{ paths: string[]; notes: string[] }> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  const notes: string[] = [];
  const zips = new Map<number, string | undefined>();
  for (const job of jobs) {
    const log = await forge.jobLog(repo, job);
    if (log.kind === 'log') {
      const path = join(dir, `${job.jobId}.log`);
      await writeFile(path, log.text);
      paths.push(path);
      continue;
    }
    // A job's own log missing: the run's zip (every job and step of the run) may still hold it.
    if (log.kind === 'missing' && !zips.has(job.runId)) {
      const zip = await forge.runLogs(repo, job.runId);
      const path = zip.kind === 'log' ? join(dir, `run-${job.runId}.zip`) : undefined;
      if (zip.kind === 'log') await writeFile(path!, zip.text);
      zips.set(job.runId, path);
      if (path) {
        paths.push(path);
        continue;
      }
    } else if (zips.get(job.runId)) continue;
    notes.push(log.reason);
  }
  return { paths, notes };
}
