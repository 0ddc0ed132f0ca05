import type { JobQueue } from '../store/index.js';
import type { Intent } from './intents.js';
import type { Logger } from './logger.js';

/**
 * What a webhook delivery (or a poll) asks for, stored: a failed run becomes a job (once per idempotency
 * key), a push drops the jobs of the old head, a closed PR drops all of its jobs. Returns one line for
 * the delivery's answer and the log.
 */
export function intentHandler(deps: { queue: JobQueue; log: Logger }): (intent: Intent) => Promise<string> {
  return async (intent) => {
    switch (intent.kind) {
      case 'fix': {
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
      case 'cancel': {
        const n = await deps.queue.cancel(intent.repo, intent.pr, 'the pull request was closed');
        return `cancelled ${n} job(s) of ${intent.repo}#${intent.pr}`;
      }
      case 'command':
        deps.log.info(
          { repo: intent.repo, pr: intent.pr, command: intent.command },
          'chat-ops command not handled',
        );
        return `command /autofix ${intent.command} not handled by this version`;
    }
  };
}
