import { join } from 'node:path';
import { analyzeLogs } from '../analyze/analyze-outputs.js';
import {
  AutofixError,
  isAutofixError,
  type Analysis,
  type JobEvent,
  type JobJudgement,
} from '../domain/index.js';
import type { FailedJob, PullRequest } from '../forge/forge.js';
import type { Published } from '../publish/publish-fix.js';
import { renderStatus, type Attempt, type StatusState } from '../publish/status-comment.js';
import { downloadLogs } from './download-logs.js';
import { fetchBaselines } from './fetch-baselines.js';
import type { FixJobDeps, FixOutcome } from './fix-job.js';
import { fixAndPublish, type FixPublished } from './pr-fix-publish.js';
import type { PrJobDeps, PrJobInput, PrOutcome } from './pr-job.js';
import { notify } from './pr-notify.js';
import {
  decideRerun,
  rerunReason,
  rerunRuns,
  withHistory,
  type Rerun,
  type RerunDecision,
} from './pr-rerun.js';
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

  write(
    state: StatusState,
    extra: { fix?: FixOutcome; published?: Published; reason?: string; reruns?: Rerun[] } = {},
  ) {
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
  async end(state: StatusState, extra: { reason?: string; reruns?: Rerun[] } = {}): Promise<void> {
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
export type AttemptEnd = { notes: string[] } & ({ skip: string; reruns?: Rerun[] } | FixPublished);

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
    const baselines = await fetchBaselines(
      deps.forge,
      deps.baselines,
      pr.repo,
      pr.base.ref,
      jobs,
      join(tmp.dir, 'baselines'),
    );
    notes.push(...baselines.notes);
    if (baselines.paths.length)
      a.emit({
        type: 'note',
        level: 'info',
        message: `read against ${baselines.paths.length} passing log(s) of the same job(s) on ${pr.base.ref}`,
      });
    const { analysis, flakyTests, decision } = await judged(
      a,
      await analyzeLogs(logs.paths, a.config, baselines.paths),
    );
    record.analysis = analysis;
    const rerun = await rerunInstead(a, record, decision);
    if (rerun) return { ...rerun, notes };
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
    const fixed = await fixAndPublish({ ...a, logs: logs.paths, tmp: tmp.dir, flakyTests });
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
 * The log's verdicts, with what GitHub and the memory know of the jobs' history on this commit and what
 * the re-runs so far make of them (the decision to re-run or fix); and the tests known flaky, which a fix
 * never edits.
 */
async function judged(
  a: AttemptInput,
  analysis: Analysis,
): Promise<{ analysis: Analysis; flakyTests: string[]; decision: RerunDecision }> {
  const tests = [...new Set(analysis.jobs.flatMap((j) => j.tests ?? []))];
  const memory = a.deps.memory;
  const known = memory && tests.length ? await memory.knownFlaky(a.pr.repo, tests) : new Set<string>();
  const jobs = withHistory(analysis.jobs, a.jobs, known);
  // Tests a runner retried into passing are flaky whatever happens next.
  const flaky = analysis.tests.flatMap((t) => t.flaky_names ?? []);
  if (memory && flaky.length && !a.input.dryRun) await memory.flakySeen(a.pr.repo, a.pr.head.sha, flaky);
  const decision = decideRerun(jobs, a.jobs, a.config.retry.max);
  return {
    analysis: { ...analysis, jobs: decision.judged },
    flakyTests: [...new Set([...known, ...flaky])],
    decision,
  };
}

/**
 * A failure no code change fixes (every failed job the infrastructure's or flaky) is re-run, not fixed:
 * nothing is cloned, no model asked. The comment says which jobs were re-run and why, or why not.
 */
async function rerunInstead(
  a: AttemptInput,
  record: AttemptRecord,
  decision: RerunDecision,
): Promise<{ skip: string; reruns?: Rerun[] } | undefined> {
  if (decision.kind === 'fix') return undefined;
  if (decision.kind === 'suggest' || a.input.dryRun) {
    const reason =
      decision.kind === 'suggest' ? decision.reason : `${decision.reason} (--dry-run: not re-run)`;
    await record.end('stopped', { reason });
    return { skip: reason };
  }
  const reruns = await rerunRuns(a.deps.forge, a.pr.repo, decision.runs, a.jobs);
  const asked = reruns.filter((r) => r.result === 'rerun');
  for (const r of asked) {
    // A run's failed jobs are of its latest attempt: one attempt for them all.
    const ofRun = a.jobs.filter((j) => j.runId === r.run);
    await a.deps.memory?.rerunRequested({
      repo: a.pr.repo,
      headSha: a.pr.head.sha,
      runId: r.run,
      attempt: ofRun[0]!.attempt,
      jobs: ofRun.map((f) => {
        const j = judgementOf(f, decision.judged);
        return { name: f.name, verdict: j.verdict, reason: j.reason, tests: j.tests ?? [] };
      }),
    });
  }
  const reason = rerunReason(decision, reruns);
  await record.end(asked.length ? 're-run' : 'stopped', { reason, reruns });
  return { skip: reason, reruns };
}

/** A failed job's judgement: by its name (a run zip's job), else the one judgement of its log. */
function judgementOf(job: FailedJob, judged: JobJudgement[]): JobJudgement {
  return judged.find((j) => j.job === job.name) ?? judged[0]!;
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
