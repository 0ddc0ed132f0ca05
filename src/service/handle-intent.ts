import type { JobQueue, PullRequestFlags, StoreFailureMemory } from '../store/index.js';
import type { Intent } from './intents.js';
import type { Logger } from './logger.js';

/**
 * What a webhook delivery (or a poll) asks for, stored: a failed run becomes a job (once per idempotency
 * key), a push drops the jobs of the old head, a closed PR drops all of its jobs. Returns one line for
 * the delivery's answer and the log.
 */
export function intentHandler(deps: {
  queue: JobQueue;
  flags: PullRequestFlags;
  log: Logger;
  memory: Pick<StoreFailureMemory, 'rerunFinished'>;
  /** Reads what became of a pull request's fixes (service/fix-verdicts.ts); never throws. */
  verdicts(intent: Extract<Intent, { kind: 'verdicts' }>): Promise<string>;
}): (intent: Intent) => Promise<string> {
  return async (intent) => {
    switch (intent.kind) {
      case 'fix': {
        if (intent.pr !== undefined && (await deps.flags.isSkipped(intent.repo, intent.pr)))
          return `ignored: ${intent.repo}#${intent.pr} was stopped by /autofix skip`;
        const r = await deps.queue.enqueue({
          kind: 'fix',
          repo: intent.repo,
          ...(intent.pr !== undefined ? { pr: intent.pr } : {}),
          headSha: intent.headSha,
          headRepo: intent.headRepo,
          headBranch: intent.headBranch,
          trigger: intent.trigger,
          source: intent.source,
          ...(intent.installationId ? { installationId: intent.installationId } : {}),
        });
        // Wake this process's idle workers rather than wait for their next poll.
        if (r.created) deps.queue.notify();
        return `${r.created ? 'queued' : 'duplicate'} job ${r.id} (${r.state})`;
      }
      case 'supersede': {
        const n = await deps.queue.supersede(intent.repo, intent.pr, intent.headSha);
        return `superseded ${n} job(s) of ${intent.repo}#${intent.pr}`;
      }
      case 'rerun-finished': {
        const n = await deps.memory.rerunFinished(intent.repo, intent.runId, intent.passed);
        return `run ${intent.runId} ${intent.passed ? 'passed' : 'failed'} when re-run: ${n} re-run job(s) of ci-autofix ended`;
      }
      case 'verdicts':
        return deps.verdicts(intent);
      case 'cancel': {
        const n = await deps.queue.cancel(intent.repo, intent.pr, 'the pull request was closed');
        return `cancelled ${n} job(s) of ${intent.repo}#${intent.pr}`;
      }
      case 'command': {
        // Stored as a job: the worker checks the author's permission before anything happens.
        const r = await deps.queue.enqueue({
          kind: 'command',
          repo: intent.repo,
          pr: intent.pr,
          command: intent.command,
          user: intent.user,
          commentId: intent.commentId,
          trigger: `comment:${intent.commentId}`,
          source: 'command',
          ...(intent.installationId ? { installationId: intent.installationId } : {}),
        });
        if (r.created) deps.queue.notify();
        return `${r.created ? 'queued' : 'duplicate'} command job ${r.id} (${r.state})`;
      }
    }
  };
}
