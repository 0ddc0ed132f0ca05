import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FailedJob, Forge, GreenRun } from '../forge/forge.js';

/** A passing job's log, as the cache knows it: the job of a workflow, at a commit. */
export interface BaselineKey {
  repo: string;
  workflow: number;
  job: string;
  commit: string;
}

/** Passing logs kept across jobs (the store in the service, a folder for the CLI and the Action). */
export interface BaselineCache {
  get(key: BaselineKey): Promise<Buffer | undefined>;
  put(key: BaselineKey, log: Buffer): Promise<void>;
}

/**
 * API requests a baseline may cost a pull request: the base branch's passing runs, one run's jobs, one
 * log. With the pr job's own (about 11 for one failed job), a fixed PR stays within 15; a cached log
 * costs only the first.
 */
export const BASELINE_REQUESTS = 3;

/**
 * The failed jobs' baselines: for each, the same job's log in the newest passing run of its workflow on
 * the PR's base branch, from the cache or the API, written to `dir`. Best effort within
 * `BASELINE_REQUESTS`: a job without one is read as before, and why is noted.
 */
export async function fetchBaselines(
  forge: Forge,
  cache: BaselineCache | undefined,
  repo: string,
  branch: string,
  jobs: FailedJob[],
  dir: string,
): Promise<{ paths: string[]; notes: string[] }> {
  const paths: string[] = [];
  const notes: string[] = [];
  let left = BASELINE_REQUESTS - 1;
  let runs: GreenRun[];
  try {
    runs = await forge.successfulRuns(repo, branch);
  } catch (err) {
    return { paths, notes: [`no baseline: ${(err as Error).message}`] };
  }
  const listed = new Map<number, Array<{ id: number; name: string; conclusion: string | null }>>();
  await mkdir(dir, { recursive: true });
  for (const job of jobs) {
    const run = runs.find((r) => r.workflowId === job.workflowId);
    if (!run) continue;
    const key = { repo, workflow: job.workflowId, job: job.name, commit: run.headSha };
    let log = await cache?.get(key);
    if (!log) {
      const need = (listed.has(run.id) ? 0 : 1) + 1;
      if (need > left) break;
      try {
        if (!listed.has(run.id)) listed.set(run.id, await forge.runJobs(repo, run.id));
        left -= need;
        const green = listed.get(run.id)!.find((j) => j.name === job.name && j.conclusion === 'success');
        const got = green ? await forge.jobLog(repo, { jobId: green.id, name: job.name }) : undefined;
        if (got?.kind !== 'log') continue;
        log = got.text;
        await cache?.put(key, log);
      } catch (err) {
        notes.push(`no baseline for "${job.name}": ${(err as Error).message}`);
        continue;
      }
    }
    const path = join(dir, `baseline-${job.jobId}.log`);
    await writeFile(path, log);
    paths.push(path);
  }
  return { paths, notes };
}
