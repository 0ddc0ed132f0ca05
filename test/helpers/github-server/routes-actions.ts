import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { revParse } from './git.js';
import { checkRunJson, jobJson, runJson } from './render.js';
import { countedReply, error, notFound, str, type Call, type Handler, type Reply } from './rest.js';
import { isoNow, latestJobs, type CheckRunState, type JobState, type RunState } from './state.js';

/**
 * Actions (workflow runs, jobs, their logs) and the checks API. Logs are answered the way GitHub does:
 * a 302 to a short-lived signed URL on "blob storage" (here `/_blobs/<id>` on the same server, which
 * needs no token), a plain-text file for a job, a zip for a run; 410 once the logs expired.
 */

const LOG_URL_LIFETIME_MS = 60_000;

function findRun(call: Call): RunState | undefined {
  return call.ctx.state.runs.find(
    (r) => r.repo === call.repo.fullName && r.id === Number(call.params.run_id),
  );
}

function findJob(call: Call): { run: RunState; job: JobState } | undefined {
  for (const run of call.ctx.state.runs) {
    if (run.repo !== call.repo.fullName) continue;
    const job = run.jobs.find((j) => j.id === Number(call.params.job_id));
    if (job) return { run, job };
  }
  return undefined;
}

const CONCLUSIONS = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
  'startup_failure',
];

function listRuns(call: Call): Reply {
  const q = call.query;
  const status = q.get('status');
  const runs = call.ctx.state.runs
    .filter((r) => r.repo === call.repo.fullName)
    .filter((r) => !q.get('head_sha') || r.headSha === q.get('head_sha'))
    .filter((r) => !q.get('event') || r.event === q.get('event'))
    .filter((r) => !q.get('branch') || r.headBranch === q.get('branch'))
    .filter((r) => !q.get('check_suite_id') || r.checkSuiteId === Number(q.get('check_suite_id')))
    // `status` takes a status or a conclusion.
    .filter((r) => !status || (CONCLUSIONS.includes(status) ? r.conclusion === status : r.status === status))
    .sort((a, b) => b.id - a.id);
  const exclude = q.get('exclude_pull_requests') === 'true';
  return countedReply(call, 'workflow_runs', runs, (r) => {
    const json = runJson(call.ctx, r);
    return exclude ? { ...json, pull_requests: [] } : json;
  });
}

function blobUrl(call: Call, body: Buffer, type: string): string {
  const id = randomBytes(16).toString('hex');
  call.ctx.blobs.set(id, { body, type, expires: Date.now() + LOG_URL_LIFETIME_MS });
  const expires = new Date(Date.now() + LOG_URL_LIFETIME_MS).toISOString();
  return `${call.ctx.baseUrl}/_blobs/${id}?urlExpires=${encodeURIComponent(expires)}&urlSigningMethod=HMACV1&urlSignature=${id.slice(0, 12)}`;
}

function jobLogs(call: Call): Reply {
  const found = findJob(call);
  if (!found) return notFound();
  if (found.job.logsExpired || found.run.logsExpired) return error(410, 'Gone');
  return { status: 302, headers: { location: blobUrl(call, found.job.log, 'text/plain') } };
}

/** GitHub's run-logs layout: `N_job.txt` per job, and `job/N_step.txt` for steps that have their own log. */
function runLogs(call: Call): Reply {
  const run = findRun(call);
  if (!run) return notFound();
  if (run.logsExpired || run.jobs.some((j) => j.logsExpired)) return error(410, 'Gone');
  const files: Record<string, Uint8Array> = {};
  run.jobs.forEach((job, i) => {
    files[`${i}_${job.name}.txt`] = new Uint8Array(job.log);
    for (const step of job.steps)
      if (step.log !== undefined)
        files[`${job.name}/${step.number}_${step.name}.txt`] =
          typeof step.log === 'string' ? strToU8(step.log) : new Uint8Array(step.log);
  });
  return {
    status: 302,
    headers: { location: blobUrl(call, Buffer.from(zipSync(files)), 'application/zip') },
  };
}

const RERUNNABLE = new Set(['failure', 'timed_out', 'cancelled', 'startup_failure']);

/**
 * A new attempt of the run with its failed jobs queued again (GitHub keeps the jobs that passed); the
 * test completes them with `finishRerun`. 403 while the run is still going, as GitHub answers.
 */
function rerunFailedJobs(call: Call): Reply {
  const run = findRun(call);
  if (!run) return notFound();
  if (run.status !== 'completed') return error(403, 'This workflow is already running');
  const failed = latestJobs(run).filter((j) => RERUNNABLE.has(j.conclusion ?? ''));
  if (!failed.length) return error(403, 'This workflow run has no failed jobs to re-run');
  run.runAttempt += 1;
  run.status = 'queued';
  run.conclusion = null;
  for (const old of failed) {
    const id = call.ctx.state.id('job');
    run.jobs.push({
      ...old,
      id,
      checkRunId: id,
      attempt: run.runAttempt,
      conclusion: null,
      log: Buffer.alloc(0),
    });
    call.ctx.state.checkRuns.push({
      ...call.ctx.state.checkRuns.find((c) => c.id === old.checkRunId)!,
      id,
      status: 'queued',
      conclusion: null,
      completedAt: null,
    });
  }
  return { status: 201, json: {} };
}

function listCheckRuns(call: Call): Promise<Reply> | Reply {
  return (async () => {
    const ref = call.params.ref!;
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : await revParse(call.repo.gitDir, ref);
    if (!sha) return error(422, `No commit found for SHA: ${ref}`);
    const q = call.query;
    let checks = call.ctx.state.checkRuns
      .filter((c) => c.repo === call.repo.fullName && c.headSha === sha)
      .filter((c) => !q.get('check_name') || c.name === q.get('check_name'))
      .filter((c) => !q.get('status') || c.status === q.get('status'))
      .sort((a, b) => b.id - a.id);
    // filter=latest (the default): the most recent check run of each name.
    if ((q.get('filter') ?? 'latest') === 'latest')
      checks = checks.filter((c, i) => checks.findIndex((o) => o.name === c.name) === i);
    return countedReply(call, 'check_runs', checks, (c) => checkRunJson(call.ctx, c));
  })();
}

function applyCheckFields(check: CheckRunState, body: Record<string, unknown>): void {
  if (typeof body.name === 'string') check.name = body.name;
  if (typeof body.details_url === 'string') check.detailsUrl = body.details_url;
  if (typeof body.external_id === 'string') check.externalId = body.external_id;
  if (typeof body.status === 'string') check.status = body.status as CheckRunState['status'];
  if (typeof body.started_at === 'string') check.startedAt = body.started_at;
  if (typeof body.conclusion === 'string') {
    check.conclusion = body.conclusion as CheckRunState['conclusion'];
    check.status = 'completed';
  }
  if (check.status === 'completed')
    check.completedAt =
      typeof body.completed_at === 'string' ? body.completed_at : (check.completedAt ?? isoNow());
  const output = body.output as Record<string, unknown> | undefined;
  if (output) {
    check.title = str(output, 'title') ?? check.title;
    check.summary = str(output, 'summary') ?? check.summary;
    check.text = str(output, 'text') ?? check.text;
    // Annotations accumulate over updates (GitHub appends each request's batch of up to 50).
    if (Array.isArray(output.annotations)) check.annotations.push(...output.annotations);
  }
}

function createCheckRun(call: Call): Reply {
  const { state } = call.ctx;
  const check: CheckRunState = {
    id: state.id('job'),
    repo: call.repo.fullName,
    headSha: str(call.body, 'head_sha') ?? '',
    name: str(call.body, 'name') ?? '',
    status: 'queued',
    conclusion: null,
    externalId: '',
    detailsUrl: null,
    title: null,
    summary: null,
    text: null,
    annotations: [],
    startedAt: isoNow(),
    completedAt: null,
    checkSuiteId: state.id('check-suite'),
    app: 'api',
  };
  applyCheckFields(check, call.body);
  state.checkRuns.push(check);
  return { status: 201, json: checkRunJson(call.ctx, check) };
}

function findCheck(call: Call): CheckRunState | undefined {
  return call.ctx.state.checkRuns.find(
    (c) => c.repo === call.repo.fullName && c.id === Number(call.params.check_run_id),
  );
}

export const actionRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/actions/runs': listRuns,
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}': (call) => {
    const run = findRun(call);
    return run ? { status: 200, json: runJson(call.ctx, run) } : notFound();
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs': (call) => {
    const run = findRun(call);
    if (!run) return notFound();
    const jobs = call.query.get('filter') === 'all' ? run.jobs : latestJobs(run);
    return countedReply(call, 'jobs', jobs, (j) => jobJson(call.ctx, run, j));
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs': (call) => {
    const run = findRun(call);
    const n = Number(call.params.attempt_number);
    if (!run || !(n >= 1 && n <= run.runAttempt)) return notFound();
    const jobs = run.jobs.filter((j) => j.attempt === n);
    return countedReply(call, 'jobs', jobs, (j) => jobJson(call.ctx, run, j));
  },
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs': rerunFailedJobs,
  'GET /repos/{owner}/{repo}/actions/jobs/{job_id}': (call) => {
    const found = findJob(call);
    return found ? { status: 200, json: jobJson(call.ctx, found.run, found.job) } : notFound();
  },
  'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs': jobLogs,
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/logs': runLogs,
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': listCheckRuns,
  'POST /repos/{owner}/{repo}/check-runs': createCheckRun,
  'GET /repos/{owner}/{repo}/check-runs/{check_run_id}': (call) => {
    const check = findCheck(call);
    return check ? { status: 200, json: checkRunJson(call.ctx, check) } : notFound();
  },
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': (call) => {
    const check = findCheck(call);
    if (!check) return notFound();
    applyCheckFields(check, call.body);
    return { status: 200, json: checkRunJson(call.ctx, check) };
  },
};
