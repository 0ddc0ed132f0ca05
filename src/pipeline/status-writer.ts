import type { Forge, PullRequest } from '../forge/forge.js';
import {
  ensureStatusComment,
  findStatusComment,
  type StatusComment,
} from '../publish/ensure-status-comment.js';
import type { Attempt, StatusState } from '../publish/status-comment.js';

export interface StatusWriter {
  /** Reads ci-autofix's status comment on the PR (once per job): the attempts recorded there. */
  load(): Promise<Attempt[]>;
  /**
   * Creates the comment or updates it in place. Writes go one after the other (a signal's final write
   * waits for one in flight), so the comment is created once and then only updated.
   */
  write(state: StatusState, body: string): Promise<void>;
  /** What was written last: the comment's id and the state it says (nothing in a dry run). */
  written(): { comment?: number; status?: StatusState };
}

/** The pr job's one status comment on `pr` (nothing is written in a dry run). */
export function statusWriter(forge: Forge, pr: PullRequest, dryRun: boolean): StatusWriter {
  let status: StatusComment = { attempts: [] };
  let state: StatusState | undefined;
  let comment: number | undefined;
  let writing: Promise<void> = Promise.resolve();
  return {
    written: () => ({ ...(comment !== undefined ? { comment } : {}), ...(state ? { status: state } : {}) }),
    async load() {
      const self = await forge.whoami();
      status = findStatusComment(await forge.comments(pr.repo, pr.number), self);
      return status.attempts;
    },
    write(now, body) {
      if (dryRun) return Promise.resolve();
      const next = writing.then(async () => {
        status = await ensureStatusComment(forge, pr.repo, pr.number, status, body);
        comment = status.id;
        state = now;
      });
      writing = next.catch(() => undefined);
      return next;
    },
  };
}
