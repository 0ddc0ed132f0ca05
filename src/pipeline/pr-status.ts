import { createHash } from 'node:crypto';
import type { Analysis, Diagnostic } from '../domain/index.js';
import type { FailedJob } from '../forge/forge.js';
import type { Published } from '../publish/publish-fix.js';
import type { Attempt, StatusReport, StatusState } from '../publish/status-comment.js';
import type { FixOutcome } from './fix-job.js';
import { jobSummary } from './pr-failure.js';
import type { Rerun } from './pr-rerun.js';

/**
 * What identifies a failure across runs: its findings (tool, rule, file, first line of the message),
 * or, when no finding was recognised, the failed jobs and steps. The same failure on the same head is
 * attempted once.
 */
export function failureFingerprint(analysis: Analysis, jobs: FailedJob[]): string {
  const keys = analysis.diagnostics.length
    ? analysis.diagnostics.map(
        (d) =>
          `${d.source.name}|${d.code?.value ?? ''}|${d.location?.path ?? ''}|${d.message.split('\n')[0]}`,
      )
    : jobs.map((j) => `${j.name}|${j.failedSteps.join(',')}`);
  const h = createHash('sha256');
  for (const k of [...new Set(keys)].sort()) h.update(`${k}\n`);
  return h.digest('hex').slice(0, 16);
}

function where(d: Diagnostic): string {
  const line = d.location?.range?.start.line;
  return d.location ? `${d.location.path}${line ? `:${line}` : ''}` : '(no file)';
}

/** Workflow definitions: ci-autofix never edits them (a token needs the `workflows` scope, and they run with secrets). */
const WORKFLOW = /^\.github\/(workflows|actions)\//;

function reasonOf(d: Diagnostic): string {
  if (d.location && WORKFLOW.test(d.location.path))
    return 'a workflow file: ci-autofix never edits workflows, so this needs a person';
  if (d.fixability === 'llm')
    return d.reason ?? 'needs a model (none configured, or it did not produce a validated fix)';
  if (d.fixability === 'deterministic') return d.reason ?? 'a fixer ran but the check still reports it';
  return d.reason ?? 'not auto-fixable';
}

/** The status comment's content for a job that got this far. */
export function statusReport(args: {
  state: StatusState;
  headSha: string;
  jobs: FailedJob[];
  analysis?: Analysis;
  fix?: FixOutcome;
  published?: Published;
  seconds?: number;
  reason?: string;
  notes?: string[];
  attempts: Attempt[];
  reruns?: Rerun[];
}): StatusReport {
  const { fix, published } = args;
  return {
    state: args.state,
    headSha: args.headSha,
    jobs: args.jobs.map(jobSummary),
    byTool: args.analysis?.summary.by_tool ?? {},
    fixed: (fix?.fixes ?? []).map((f) => ({
      fixer: f.fixer,
      tool: f.tool,
      files: f.files,
      count: f.fixed.length,
      ...(f.commit ? { commit: f.commit } : {}),
    })),
    notFixed: (fix?.remaining ?? []).map((d) => ({
      where: where(d),
      tool: d.source.name,
      ...(d.code ? { code: d.code.value } : {}),
      message: d.message.split('\n')[0]!,
      reason: reasonOf(d),
    })),
    ...(published && published.mode !== 'none'
      ? {
          published: {
            mode: published.mode,
            summary: published.summary,
            ...(published.apply ? { apply: published.apply } : {}),
          },
        }
      : {}),
    ...(fix ? { cost: { usd: fix.cost.usd, requests: fix.cost.requests } } : {}),
    ...(args.seconds !== undefined ? { seconds: args.seconds } : {}),
    ...(args.reason ? { reason: args.reason } : {}),
    ...(judgedWorthSaying(args.analysis, args.jobs)
      ? { judged: args.analysis!.jobs.map((j) => ({ job: j.job, verdict: j.verdict, reason: j.reason })) }
      : {}),
    ...(args.reruns?.length ? { reruns: args.reruns } : {}),
    notes: [...(args.notes ?? []), ...(published?.notes ?? [])],
    attempts: args.attempts,
  };
}

/**
 * The verdicts are worth a section when one is not the change's, or when the jobs were re-run before (a
 * failure that came back is the change's, and the comment says why); a plain fix needs none.
 */
function judgedWorthSaying(analysis: Analysis | undefined, jobs: FailedJob[]): boolean {
  return (
    !!analysis?.jobs.length &&
    (analysis.jobs.some((j) => j.verdict !== 'pr') || jobs.some((j) => j.attempt > 1))
  );
}

/** The comment's final state for a fix that got as far as publishing. */
export function finalState(fix: FixOutcome, published: Published): StatusState {
  if (!fix.fixes.length) return 'not-fixed';
  // Fixed, but nowhere to put it (the PR was closed meanwhile): the notes say why.
  if (published.mode === 'none') return 'stopped';
  if (fix.outcome === 'partial') return 'partial';
  return published.mode === 'push' ? 'fixed' : 'proposed';
}
