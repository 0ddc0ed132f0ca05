import { AutofixError, type Diagnostic } from '../domain/index.js';
import type { PrOutcome } from '../pipeline/index.js';
import type { JobHandler, JobResult, JobRow } from '../store/index.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';

/** What a worker needs to run one job: the `pr` job, built for the job's repository (and installation). */
export interface WorkerDeps {
  runPr(
    target: { repo: string; number: number; installationId?: number },
    log: Logger,
    signal: AbortSignal,
  ): Promise<PrOutcome>;
  /** A fork's failed run names no PR: find the open one by head repository and branch. */
  findPr(
    repo: string,
    headRepo: string,
    headBranch: string,
    installationId?: number,
  ): Promise<number | undefined>;
}

/** The queue's handler: each job runs the `pr` job (the same as `ci-autofix pr`) and its outcome is stored. */
export function jobHandler(deps: WorkerDeps, log: Logger, metrics?: ServiceMetrics): JobHandler {
  return async (job: JobRow, signal: AbortSignal): Promise<JobResult> => {
    const req = job.payload;
    const jlog = log.child({
      job: job.id,
      repo: req.repo,
      pr: req.pr,
      head: req.headSha.slice(0, 12),
      attempt: job.attempts,
    });
    const started = Date.now();
    jlog.info({ trigger: job.trigger, source: job.source }, 'job started');
    if (req.kind !== 'fix')
      throw new AutofixError('unsupported-job', `jobs of kind "${req.kind}" are not run by this version`);
    const number = req.pr ?? (await deps.findPr(req.repo, req.headRepo, req.headBranch, req.installationId));
    if (number === undefined) {
      const result = {
        outcome: 'skipped',
        reason: `no open pull request has ${req.headRepo}:${req.headBranch} as its head`,
      };
      jlog.info(result, 'job finished');
      metrics?.outcomes.inc({ outcome: 'skipped' });
      return result;
    }
    const outcome = await deps.runPr(
      { repo: req.repo, number, ...(req.installationId ? { installationId: req.installationId } : {}) },
      jlog,
      signal,
    );
    const result = toJobResult(outcome, Date.now() - started);
    metrics?.outcomes.inc({ outcome: result.outcome });
    metrics?.jobSeconds.observe((Date.now() - started) / 1000);
    if (outcome.fix) {
      metrics?.modelTokens.inc({ direction: 'input' }, outcome.fix.cost.input_tokens);
      metrics?.modelTokens.inc({ direction: 'output' }, outcome.fix.cost.output_tokens);
      metrics?.modelCost.inc(outcome.fix.cost.usd);
    }
    jlog.info(
      {
        outcome: result.outcome,
        reason: result.reason,
        published: result.published,
        commits: result.commits,
        ms: result.durationMs,
      },
      'job finished',
    );
    return result;
  };
}

/** The stored summary of a `pr` job: what `ci-autofix stats` reports on. */
export function toJobResult(o: PrOutcome, ms: number): JobResult {
  const fixes = o.fix?.fixes ?? [];
  const fixedIds = new Set(fixes.flatMap((f) => f.fixed.map(diagnosticId)));
  const rows = [
    ...fixes.flatMap((f) => f.fixed.map((d) => ({ d, fixer: f.fixer as string | undefined }))),
    ...(o.fix?.remaining ?? [])
      .filter((d) => !fixedIds.has(diagnosticId(d)))
      .map((d) => ({ d, fixer: undefined })),
  ];
  return {
    outcome: o.outcome,
    ...(o.reason ? { reason: o.reason } : {}),
    published: o.published.mode,
    commits: o.published.commits.length,
    costUsd: o.fix?.cost.usd ?? 0,
    durationMs: o.timing.total_ms || ms,
    detail: {
      pull_request: o.pull_request,
      failed_jobs: o.failed_jobs.map((j) => j.name),
      ...(o.published.branch ? { branch: o.published.branch } : {}),
      ...(o.published.pull_request ? { fix_pull_request: o.published.pull_request } : {}),
      // Each fixer's attempts, kept or dropped by validation: `stats` reports a success rate per fixer.
      fixers: [
        ...fixes.map((f) => ({ fixer: f.fixer, kept: true })),
        ...(o.fix?.dropped ?? []).map((f) => ({ fixer: f.fixer, kept: false, reason: f.reason })),
      ],
      github_requests: o.github_requests,
      notes: o.notes,
    },
    diagnostics: rows.map(({ d, fixer }) => ({
      tool: d.source.name,
      ...(d.code?.value ? { code: d.code.value } : {}),
      category: d.category,
      fixability: d.fixability,
      fixed: fixer !== undefined,
      ...(fixer ? { fixer } : {}),
      ...(d.location?.path ? { path: d.location.path } : {}),
      message: d.message.slice(0, 500),
    })),
  };
}

function diagnosticId(d: Diagnostic): string {
  return [d.source.name, d.code?.value, d.location?.path, d.location?.range?.start.line, d.message].join(
    '\u0000',
  );
}
