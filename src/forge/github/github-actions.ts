import { isAutofixError } from '../../domain/index.js';
import type { FailedJob, GreenRun, JobLog } from '../forge.js';
import { failedJobsOf, newestRuns } from './failed-jobs.js';
import { githubError, statusOf } from './github-error.js';
import { GitHubWatch, split } from './github-watch.js';

/** Reads a fetch body (a web ReadableStream) into one Buffer. */
async function bytesOf(body: unknown): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(await new Response(body as ReadableStream).arrayBuffer());
}

/**
 * The Forge port's Actions side on GitHub's REST API: a head commit's failed jobs (with their history on
 * it), their logs, re-running them, and the passing runs their baselines come from.
 */
export class GitHubActions extends GitHubWatch {
  async failedJobs(repo: string, headSha: string): Promise<FailedJob[]> {
    const runs = await this.call(`list the workflow runs of ${headSha.slice(0, 7)}`, 'actions: read', () =>
      this.client.paginate(this.client.rest.actions.listWorkflowRunsForRepo, {
        ...split(repo),
        head_sha: headSha,
        per_page: 100,
      }),
    );
    const { newest, older } = newestRuns(runs);
    const failed: FailedJob[] = [];
    for (const run of newest) {
      const jobs = await this.call(`list the jobs of run ${run.id}`, 'actions: read', () =>
        this.client.paginate(this.client.rest.actions.listJobsForWorkflowRun, {
          ...split(repo),
          run_id: run.id,
          filter: 'all',
          per_page: 100,
        }),
      );
      failed.push(...failedJobsOf(run, jobs, older));
    }
    return failed;
  }

  async rerunFailedJobs(
    repo: string,
    runId: number,
  ): Promise<{ rerun: true } | { rerun: false; denied: string }> {
    try {
      await this.call(`re-run the failed jobs of run ${runId}`, 'actions: write', () =>
        this.client.rest.actions.reRunWorkflowFailedJobs({ ...split(repo), run_id: runId }),
      );
      return { rerun: true };
    } catch (err) {
      if (isAutofixError(err) && err.code === 'github-forbidden')
        return { rerun: false, denied: err.message };
      throw err;
    }
  }

  async successfulRuns(repo: string, branch: string): Promise<GreenRun[]> {
    const { data } = await this.call(`list the passing runs of ${branch}`, 'actions: read', () =>
      this.client.rest.actions.listWorkflowRunsForRepo({
        ...split(repo),
        branch,
        status: 'success',
        per_page: 50,
      }),
    );
    return data.workflow_runs.map((r) => ({ id: r.id, workflowId: r.workflow_id, headSha: r.head_sha }));
  }

  async runJobs(
    repo: string,
    runId: number,
  ): Promise<Array<{ id: number; name: string; conclusion: string | null }>> {
    const { data } = await this.call(`list the jobs of run ${runId}`, 'actions: read', () =>
      this.client.rest.actions.listJobsForWorkflowRun({ ...split(repo), run_id: runId, per_page: 100 }),
    );
    return data.jobs.map((j) => ({ id: j.id, name: j.name, conclusion: j.conclusion }));
  }

  async jobLog(repo: string, job: Pick<FailedJob, 'jobId' | 'name'>): Promise<JobLog> {
    return this.logs(`the log of job "${job.name}"`, () =>
      // The API answers with a redirect to the log's storage; fetch follows it (without the token).
      this.client.rest.actions.downloadJobLogsForWorkflowRun({
        ...split(repo),
        job_id: job.jobId,
        request: { parseSuccessResponseBody: false },
      }),
    );
  }

  async runLogs(repo: string, runId: number): Promise<JobLog> {
    return this.logs(`the logs of run ${runId}`, () =>
      this.client.rest.actions.downloadWorkflowRunLogs({
        ...split(repo),
        run_id: runId,
        request: { parseSuccessResponseBody: false },
      }),
    );
  }

  private async logs(what: string, get: () => Promise<{ data: unknown }>): Promise<JobLog> {
    try {
      return { kind: 'log', text: await bytesOf((await get()).data) };
    } catch (err) {
      const status = statusOf(err);
      if (status === 410)
        return {
          kind: 'expired',
          reason: `GitHub no longer has ${what} (410: logs are kept 90 days at most); re-run the job`,
        };
      if (status === 404) return { kind: 'missing', reason: `GitHub has no ${what} (404)` };
      throw githubError(err, `download ${what}`, 'actions: read');
    }
  }
}
