import { isAutofixError, type JobEvent } from '../domain/index.js';
import type { FailedJob, PullRequest } from '../forge/forge.js';
import { renderStatus, type Attempt } from '../publish/status-comment.js';
import { isAutofixCommit } from './commit-message.js';
import { attemptFix } from './pr-attempt.js';
import type { PrJobDeps, PrJobInput, PrOutcome } from './pr-job.js';
import { jobSummary, readPrFailure, type PrFailure } from './pr-failure.js';
import { statusReport } from './pr-status.js';
import { endLaterTry, splitAttempts } from './pr-takeover.js';
import { statusWriter, type StatusWriter } from './status-writer.js';
import { timedForge } from './timed-forge.js';

/**
 * `ci-autofix pr`: one pull request's failing CI, end to end — the PR's failed jobs and their logs →
 * analyze → a clone of the head → the fix job (`--base` the PR base, logs to plan from) → publish (push,
 * or propose in review mode) → one status comment, updated in place and always left in a final state.
 * When the branch moves while the job works, it starts over on the new head, once.
 */
export async function runPrJob(input: PrJobInput, deps: PrJobDeps): Promise<PrOutcome> {
  try {
    return await prJobOnce(input, deps);
  } catch (err) {
    if (!(isAutofixError(err) && err.code === 'head-moved')) throw err;
    deps.progress({ type: 'restarted', reason: err.message, elapsedMs: 0 });
    return prJobOnce(input, deps);
  }
}

async function prJobOnce(input: PrJobInput, given: PrJobDeps): Promise<PrOutcome> {
  const started = Date.now();
  const timing = { total_ms: 0, github_ms: 0, clone_ms: 0, fix_ms: 0, publish_ms: 0 };
  const forge = timedForge(given.forge, timing);
  const deps = { ...given, forge };
  const emit = (event: JobEvent) => deps.progress({ ...event, elapsedMs: Date.now() - started });
  const read = await readPrFailure(forge, input.repo, input.number, deps.parseConfig);
  const { pr, config, jobs } = read;
  const status = statusWriter(forge, pr, input.dryRun);
  const result = (parts: Partial<PrOutcome>): PrOutcome => {
    const written = status.written();
    const published = parts.published ?? { mode: 'none', commits: [] };
    return {
      outcome: 'skipped',
      pull_request: { repo: pr.repo, number: pr.number, url: pr.url, head_sha: pr.head.sha, title: pr.title },
      failed_jobs: jobs.map(jobSummary),
      ...parts,
      ...(written.status ? { status: written.status } : {}),
      published: { ...published, ...(written.comment !== undefined ? { comment: written.comment } : {}) },
      github_requests: given.forge.requests,
      timing: { ...timing, total_ms: Date.now() - started },
      notes: parts.notes ?? [],
    };
  };
  const skip = (reason: string, outcome: PrOutcome['outcome'] = 'skipped', more: Partial<PrOutcome> = {}) => {
    emit({ type: 'pr-ended', outcome, reason });
    return result({ ...more, outcome, reason });
  };
  const gate = await gates(input, deps, read, status);
  if ('skip' in gate) return skip(gate.skip.reason, gate.skip.outcome, gate.skip.more);
  emit({ type: 'pr-failed-jobs', head: pr.head.sha, jobs: jobs.map((j) => j.name) });
  const fixDeps = await deps.fixDeps(config);
  // Never act on ci-autofix's own commit: a failure there needs a person, not another attempt.
  const own = await ownCommit(deps, pr, config, jobs, gate.others, status);
  if (own) return skip(own);
  const end = await attemptFix({
    input,
    deps,
    fixDeps,
    pr,
    config,
    jobs,
    status,
    others: gate.others,
    started,
    timing,
    emit,
  });
  if ('skip' in end)
    return skip(end.skip, 'skipped', { notes: end.notes, ...(end.reruns ? { reruns: end.reruns } : {}) });
  return result({ outcome: end.fix.outcome, fix: end.fix, published: end.where, notes: end.notes });
}

type Gate =
  | { others: Attempt[] }
  | { skip: { reason: string; outcome: PrOutcome['outcome']; more?: Partial<PrOutcome> } };

/**
 * Whether this try goes on: the PR's own reasons to skip (closed, opted out), and for a later try of the
 * service's job (its worker died) what the earlier tries left. Returns the attempts other jobs recorded.
 */
async function gates(
  input: PrJobInput,
  deps: PrJobDeps,
  read: PrFailure,
  status: StatusWriter,
): Promise<Gate> {
  const later = input.run && (input.run.attempt > 1 || input.run.giveUp);
  if (read.skip && !later) return { skip: read.skip };
  // Earlier tries of this very job (its worker died, a retry) are not "attempted before".
  const { earlier, others } = splitAttempts(await status.load(), input.run);
  if (later) {
    const { pr, jobs } = read;
    const end = await endLaterTry({
      forge: deps.forge,
      pr,
      jobs,
      run: input.run!,
      earlier,
      others,
      status,
      skip: read.skip,
    });
    if (end)
      return {
        skip: {
          reason: end.reason,
          outcome: end.outcome,
          ...(end.published ? { more: { published: { mode: 'push', commits: end.published.commits } } } : {}),
        },
      };
    if (read.skip) return { skip: read.skip };
  }
  return { others };
}

/** The reason to stop when the failing commit is ci-autofix's own (said in the status comment). */
async function ownCommit(
  deps: PrJobDeps,
  pr: PullRequest,
  config: ReturnType<PrJobDeps['parseConfig']>,
  jobs: FailedJob[],
  others: Attempt[],
  status: StatusWriter,
): Promise<string | undefined> {
  const head = await deps.forge.commit(pr.head.repo, pr.head.sha);
  if (!isAutofixCommit(head.message) && head.email !== config.commit.author.email) return undefined;
  const reason =
    "the failing commit is ci-autofix's own; it does not try again on its own fixes (a person needs to look)";
  await status.write(
    'stopped',
    renderStatus(statusReport({ state: 'stopped', headSha: pr.head.sha, jobs, reason, attempts: others })),
  );
  return reason;
}
