import { join } from 'node:path';
import { analyzeLogs } from '../analyze/analyze-outputs.js';
import { AutofixError, isAutofixError, type Analysis, type JobEvent } from '../domain/index.js';
import type { FailedJob, PullRequest } from '../forge/forge.js';
import type { Published } from '../publish/publish-fix.js';
import { renderStatus, type Attempt, type StatusState } from '../publish/status-comment.js';
import { downloadLogs } from './download-logs.js';
import type { FixJobDeps, FixOutcome } from './fix-job.js';
import { fixAndPublish, type FixPublished } from './pr-fix-publish.js';
import type { PrJobDeps, PrJobInput, PrOutcome } from './pr-job.js';
import { notify } from './pr-notify.js';
import { failureFingerprint, finalState, statusReport } from './pr-status.js';
import type { StatusWriter } from './status-writer.js';

/**
 * This try's record in the status comment: the attempts it lists (this one's added once it starts), what
 * the comment says, and whether its state is final — a final comment is never overwritten, not by a
 * signal's handler nor by an error.
 */
class AttemptRecord {
  final = false;
  analysis: Analysis | undefined;
  private recorded = false;

  constructor(
    private attempts: Attempt[],
    private readonly status: StatusWriter,
    private readonly about: { pr: PullRequest; jobs: FailedJob[]; started: number; notes: string[] },
  ) {}

  get count(): number {
    return this.attempts.length;
  }

  triedBefore(fingerprint: string): boolean {
    return this.attempts.some((a) => a.sha === this.about.pr.head.sha && a.fingerprint === fingerprint);
  }

  add(attempt: Attempt): void {
    this.attempts = [...this.attempts, attempt];
    this.recorded = true;
  }

  write(state: StatusState, extra: { fix?: FixOutcome; published?: Published; reason?: string } = {}) {
    if (this.recorded)
      this.attempts = [...this.attempts.slice(0, -1), { ...this.attempts.at(-1)!, outcome: state }];
    const body = renderStatus(
      statusReport({
        state,
        headSha: this.about.pr.head.sha,
        jobs: this.about.jobs,
        ...(this.analysis ? { analysis: this.analysis } : {}),
        attempts: this.attempts,
        seconds: (Date.now() - this.about.started) / 1000,
        notes: this.about.notes,
        ...extra,
      }),
    );
    return this.status.write(state, body);
  }

  /** The comment's last word, unless it has had it. */
  async end(state: StatusState, extra: { reason?: string } = {}): Promise<void> {
    if (this.final) return;
    this.final = true;
    await this.write(state, extra);
  }
}

export interface AttemptInput {
  input: PrJobInput;
  deps: PrJobDeps;
  fixDeps: FixJobDeps;
  pr: PullRequest;
  config: ReturnType<PrJobDeps['parseConfig']>;
  jobs: FailedJob[];
  status: StatusWriter;
  /** The attempts other jobs recorded. */
  others: Attempt[];
  started: number;
  timing: PrOutcome['timing'];
  emit: (event: JobEvent) => void;
}

/** How an attempt ended: skipped (with the reason), or the fix and where it went; and its notes. */
export type AttemptEnd = { notes: string[] } & ({ skip: string } | FixPublished);

/**
 * One attempt at the pull request's failure: the logs, the fingerprint (never the same failure on the
 * same head twice, unless forced; at most `max_attempts`), the status comment at "working", the fix and
 * its publishing, the comment's final state and the webhook. Whatever stops it, the comment says so.
 */
export async function attemptFix(a: AttemptInput): Promise<AttemptEnd> {
  const { input, deps, pr, jobs } = a;
  const notes: string[] = [];
  const record = new AttemptRecord(a.others, a.status, { pr, jobs, started: a.started, notes });
  const tmp = await deps.tempDir();
  let stopListening: (() => void) | undefined;
  try {
    const logs = await downloadLogs(deps.forge, pr.repo, jobs, join(tmp.dir, 'logs'));
    notes.push(...logs.notes);
    if (!logs.paths.length)
      throw new AutofixError(
        'no-logs',
        `none of the ${jobs.length} failed job(s) has a log left to read; re-run them`,
        'external',
      );
    const analysis = await analyzeLogs(logs.paths, a.config);
    record.analysis = analysis;
    const rerun = notTheCode(analysis);
    if (rerun) {
      await record.end('stopped', { reason: rerun });
      return { skip: rerun, notes };
    }
    const fingerprint = failureFingerprint(analysis, jobs);
    const refusal = await refuse(a, record, fingerprint);
    if (refusal) return { skip: refusal, notes };
    const at = (deps.now ? deps.now() : new Date()).toISOString();
    record.add({
      sha: pr.head.sha,
      fingerprint,
      outcome: 'working',
      at,
      ...(input.run ? { run: input.run.id } : {}),
    });
    stopListening = deps.onInterrupt?.((signal) =>
      record.end('failed', { reason: `the job was stopped (${signal}) before it finished` }),
    );
    await record.write('working');
    await notify(deps, input, pr, 'ci_failure', analysis);
    const fixed = await fixAndPublish({ ...a, logs: logs.paths, tmp: tmp.dir });
    const state = finalState(fixed.fix, fixed.published);
    await record.write(state, { fix: fixed.fix, published: fixed.published });
    record.final = true;
    if (!input.dryRun)
      await notify(deps, input, pr, webhookEvent(fixed.published), analysis, fixed.fix.outcome);
    return { ...fixed, notes };
  } catch (err) {
    // The comment never stays at "working" (nor silent): whatever stopped the job is said there.
    const moved = isAutofixError(err) && err.code === 'head-moved';
    const reason = isAutofixError(err)
      ? err.message
      : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    await record.end(moved ? 'stopped' : 'failed', { reason }).catch(() => undefined);
    if (!moved && record.analysis) await notify(deps, input, pr, 'fix_failed', record.analysis, 'failed');
    throw err;
  } finally {
    stopListening?.();
    await tmp.remove();
  }
}

/**
 * Why a failure is no code's to fix, judged from the logs before any clone: every failed job failed on
 * the infrastructure (the runner, the network, a registry) or on tests that passed when re-run.
 */
function notTheCode(analysis: Analysis): string | undefined {
  const jobs = analysis.jobs;
  if (!jobs.length || jobs.some((j) => j.verdict !== 'infrastructure' && j.verdict !== 'flaky'))
    return undefined;
  return `nothing to fix in the code, re-run the failed job(s): ${[...new Set(jobs.map((j) => j.reason))].join('; ')}`;
}

/** Why not to try: this failure was attempted on this head before, or the attempts ran out. */
async function refuse(
  a: AttemptInput,
  record: AttemptRecord,
  fingerprint: string,
): Promise<string | undefined> {
  if (a.input.force) return undefined;
  if (record.triedBefore(fingerprint)) {
    record.final = true;
    return `this failure on ${a.pr.head.sha.slice(0, 7)} was attempted before`;
  }
  const max = a.input.maxAttempts ?? a.config.max_attempts;
  if (record.count < max) return undefined;
  const reason = `${record.count} attempt(s) made on this pull request (max_attempts: ${max})`;
  await record.end('stopped', { reason });
  return reason;
}

const webhookEvent = (p: Published) =>
  p.mode === 'push' ? 'fix_pushed' : p.mode !== 'none' ? 'fix_proposed' : 'fix_failed';
