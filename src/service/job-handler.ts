import type { Diagnostic, ProgressEvent } from '../domain/index.js';
import type { JobRun, PrOutcome } from '../pipeline/index.js';
import type { ForgeWatch } from '../forge/forge.js';
import type {
  CommandRequest,
  JobEventLog,
  JobHandler,
  JobResult,
  JobRow,
  PullRequestFlags,
} from '../store/index.js';
import { canRunCommands } from './chat-ops.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';

/** What a worker needs to run one job: the `pr` job, built for the job's repository (and installation). */
export interface WorkerDeps {
  runPr(
    target: {
      repo: string;
      number: number;
      installationId?: number;
      /** Chat-ops: push even in review mode (`/autofix apply`), try again (`retry`, `apply`). */
      autoApprove?: boolean;
      force?: boolean;
      /** The job this is a try of: a later try finishes what an earlier one left. */
      run?: JobRun;
    },
    log: Logger,
    signal: AbortSignal,
    /** The job's progress events, for the store (besides the log the runner writes them to). */
    events: (e: ProgressEvent) => void,
  ): Promise<PrOutcome>;
  /** A fork's failed run names no PR: find the open one by head repository and branch. */
  findPr(
    repo: string,
    headRepo: string,
    headBranch: string,
    installationId?: number,
  ): Promise<number | undefined>;
  /** For chat-ops: the commenter's permission, and a reaction on their comment; a PR's history. */
  forge(
    repo: string,
    installationId?: number,
  ): Promise<Pick<ForgeWatch, 'permission' | 'react' | 'pullHistory'>>;
  flags: PullRequestFlags;
  /** Drops the PR's jobs not yet started (`/autofix skip`). */
  cancel(repo: string, pr: number, reason: string): Promise<number>;
  /** `/autofix skip` after a fix: the fixes published to the PR and not yet judged were rejected. */
  rejectFixes?(repo: string, pr: number, reason: string): Promise<number>;
  /** Where each job's progress events are kept (the dashboard's job page); none: only logged. */
  events?: JobEventLog;
}

/**
 * The queue's handler. A fix job runs the `pr` job (the same as `ci-autofix pr`); a chat-ops command
 * first checks that its author may write to the repository (through the API), then acts. The outcome is
 * stored by the queue.
 */
export function jobHandler(deps: WorkerDeps, log: Logger, metrics?: ServiceMetrics): JobHandler {
  return async (job: JobRow, signal: AbortSignal): Promise<JobResult> => {
    const req = job.payload;
    const jlog = log.child({ job: job.id, repo: req.repo, pr: req.pr, attempt: job.attempts });
    const started = Date.now();
    // Webhook (or poll) to claim: the first delivery only; a retry waits out its backoff on purpose.
    if (job.attempts === 1)
      metrics?.claimSeconds.observe((started - new Date(job.created_at).getTime()) / 1000);
    jlog.info(
      { kind: req.kind, trigger: job.trigger, source: job.source, lost: job.lost, give_up: job.giveUp },
      'job started',
    );
    let outcome: PrOutcome | undefined;
    const finish = (result: JobResult): JobResult => {
      metrics?.outcomes.inc({ outcome: result.outcome });
      metrics?.jobSeconds.observe((Date.now() - started) / 1000);
      if (outcome?.fix) {
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
          ms: Date.now() - started,
        },
        'job finished',
      );
      return result;
    };
    const inst = req.installationId ? { installationId: req.installationId } : {};
    const run = async (number: number, options: { autoApprove?: boolean; force?: boolean } = {}) => {
      const tryOf: JobRun = {
        id: job.id,
        attempt: job.attempts,
        ...(job.giveUp ? { giveUp: job.giveUp } : {}),
      };
      // A store that fails only costs the job its events' record: the recorder warns and never throws.
      const events = deps.events?.open(job.id, (detail) => jlog.warn({ detail }, 'job events'));
      try {
        const target = { repo: req.repo, number, ...inst, ...options, run: tryOf };
        outcome = await deps.runPr(target, jlog, signal, (e) => events?.emit(e));
      } finally {
        await events?.close();
      }
      return toJobResult(outcome, Date.now() - started);
    };

    if (req.kind === 'command') return finish(await command(req, deps, jlog, run));
    const number = req.pr ?? (await deps.findPr(req.repo, req.headRepo, req.headBranch, req.installationId));
    if (number === undefined)
      return finish({
        outcome: 'skipped',
        reason: `no open pull request has ${req.headRepo}:${req.headBranch} as its head`,
      });
    if (await deps.flags.isSkipped(req.repo, number))
      return finish({ outcome: 'skipped', reason: 'stopped for this pull request by /autofix skip' });
    return finish(await run(number));
  };
}

/** `/autofix [apply|retry|skip]`, from a user whose permission is checked first. */
async function command(
  req: CommandRequest,
  deps: WorkerDeps,
  log: Logger,
  run: (number: number, options?: { autoApprove?: boolean; force?: boolean }) => Promise<JobResult>,
): Promise<JobResult> {
  const forge = await deps.forge(req.repo, req.installationId);
  const permission = await forge.permission(req.repo, req.user);
  if (!canRunCommands(permission)) {
    // Never an action: a reaction says it was seen and refused.
    await forge.react(req.repo, req.commentId, '-1');
    log.info({ user: req.user, permission, command: req.command }, 'command refused');
    return {
      outcome: 'skipped',
      reason: `/autofix ${req.command} from ${req.user}, whose permission is "${permission}" (write is needed)`,
    };
  }
  await forge.react(req.repo, req.commentId, 'eyes');
  switch (req.command) {
    case 'skip': {
      await deps.flags.setSkipped(req.repo, req.pr, true);
      const n = await deps.cancel(req.repo, req.pr, `/autofix skip by ${req.user}`);
      await deps.rejectFixes?.(req.repo, req.pr, `/autofix skip by ${req.user} after the fix`);
      await forge.react(req.repo, req.commentId, '+1');
      return {
        outcome: 'skipped',
        reason: `stopped by /autofix skip from ${req.user}; ${n} queued job(s) dropped`,
      };
    }
    case 'run':
    case 'retry':
      await deps.flags.setSkipped(req.repo, req.pr, false);
      return run(req.pr, { force: req.command === 'retry' });
    case 'apply':
      // Review mode proposed a fix: fix again on the current head (validated as always) and push it.
      await deps.flags.setSkipped(req.repo, req.pr, false);
      return run(req.pr, { autoApprove: true, force: true });
  }
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
    inputTokens: o.fix?.cost.input_tokens ?? 0,
    outputTokens: o.fix?.cost.output_tokens ?? 0,
    durationMs: o.timing.total_ms || ms,
    detail: {
      pull_request: o.pull_request,
      failed_jobs: o.failed_jobs.map((j) => j.name),
      ...(o.published.branch ? { branch: o.published.branch } : {}),
      ...(o.published.pull_request ? { fix_pull_request: o.published.pull_request } : {}),
      // The dashboard's job page links the commits published and the status comment.
      commits: o.published.commits,
      ...(o.published.comment ? { comment: o.published.comment } : {}),
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
