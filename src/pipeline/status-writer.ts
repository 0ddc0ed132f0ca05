import type { Forge, PullRequest } from '../forge/forge.js';
import {
  ensureStatusComment,
  findStatusComment,
  type StatusComment,
} from '../publish/ensure-status-comment.js';
import type { Attempt, StatusState } from '../publish/status-comment.js';
import type { PrOutcome } from './pr-job.js';

export interface StatusWriter {
  /** Reads ci-autofix's status comment on the PR (once per job): the attempts recorded there. */
  load(): Promise<Attempt[]>;
  /**
   * Creates the comment or updates it in place. Writes go one after the other (a signal's final write
   * waits for one in flight), so the comment is created once and then only updated.
   */
  write(state: StatusState, body: string): Promise<void>;
}

/** The pr job's one status comment on `pr`; what it wrote is noted in `result` (nothing in a dry run). */
export function statusWriter(
  forge: Forge,
  pr: PullRequest,
  dryRun: boolean,
  result: PrOutcome,
): StatusWriter {
  let status: StatusComment = { attempts: [] };
  let writing: Promise<void> = Promise.resolve();
  return {
    async load() {
      const self = await forge.whoami();
      status = findStatusComment(await forge.comments(pr.repo, pr.number), self);
      return status.attempts;
    },
    write(state, body) {
      if (dryRun) return Promise.resolve();
      const next = writing.then(async () => {
        status = await ensureStatusComment(forge, pr.repo, pr.number, status, body);
        result.published.comment = status.id;
        result.status = state;
      });
      writing = next.catch(() => undefined);
      return next;
    },
  };
}
