import type { Comment, Forge } from '../forge/forge.js';
import { parseAttempts, STATUS_MARKER, type Attempt } from './status-comment.js';

export interface StatusComment {
  id?: number;
  body?: string;
  attempts: Attempt[];
}

/**
 * ci-autofix's status comment among a PR's comments: the first one with the marker written by a bot
 * account or by `self` (the token's user). A marker in anyone else's comment is ignored, so a PR
 * author cannot reset the attempt record by pasting one.
 */
export function findStatusComment(comments: Comment[], self: string | undefined): StatusComment {
  const ours = comments.find(
    (c) => c.body.includes(STATUS_MARKER) && (c.bot || (self !== undefined && c.author === self)),
  );
  return ours ? { id: ours.id, body: ours.body, attempts: parseAttempts(ours.body) } : { attempts: [] };
}

/** Creates the status comment or updates it in place (never a second one); unchanged text costs nothing. */
export async function ensureStatusComment(
  forge: Forge,
  repo: string,
  number: number,
  current: StatusComment,
  body: string,
): Promise<StatusComment> {
  if (current.id !== undefined) {
    if (current.body !== body) await forge.updateComment(repo, current.id, body);
    return { ...current, body };
  }
  const created = await forge.createComment(repo, number, body);
  return { id: created.id, body, attempts: current.attempts };
}
