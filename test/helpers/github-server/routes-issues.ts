import { commentJson, reactionJson } from './render.js';
import { error, listReply, notFound, str, type Call, type Handler, type Reply } from './rest.js';
import { isoNow, type CommentState, type ReactionState } from './state.js';

/** Issue (and pull request conversation) comments and reactions: what a sticky comment needs. */

function issueExists(call: Call): boolean {
  return Boolean(call.ctx.state.pull(call.repo.fullName, Number(call.params.issue_number)));
}

function findComment(call: Call): CommentState | undefined {
  return call.ctx.state.comments.find(
    (c) => c.repo === call.repo.fullName && c.id === Number(call.params.comment_id),
  );
}

function listComments(call: Call): Reply {
  if (!issueExists(call)) return notFound();
  const since = call.query.get('since');
  const comments = call.ctx.state.comments.filter(
    (c) =>
      c.repo === call.repo.fullName &&
      c.issue === Number(call.params.issue_number) &&
      (!since || c.updatedAt >= since),
  );
  return listReply(call, comments, (c) => commentJson(call.ctx, c));
}

function createComment(call: Call): Reply {
  if (!issueExists(call)) return notFound();
  const body = str(call.body, 'body');
  if (!body)
    return error(422, 'Validation Failed', {
      errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }],
    });
  const now = isoNow();
  const comment: CommentState = {
    id: call.ctx.state.id('comment'),
    repo: call.repo.fullName,
    issue: Number(call.params.issue_number),
    body,
    user: call.token.login,
    createdAt: now,
    updatedAt: now,
    reactions: [],
  };
  call.ctx.state.comments.push(comment);
  return {
    status: 201,
    json: commentJson(call.ctx, comment),
    headers: { location: `${call.ctx.apiUrl}/repos/${comment.repo}/issues/comments/${comment.id}` },
  };
}

function getComment(call: Call): Reply {
  const comment = findComment(call);
  return comment ? { status: 200, json: commentJson(call.ctx, comment) } : notFound();
}

function updateComment(call: Call): Reply {
  const comment = findComment(call);
  if (!comment) return notFound();
  // An app may edit only its own comments (GitHub answers 403 for another user's).
  if (comment.user !== call.token.login) return error(403, 'Resource not accessible by integration');
  comment.body = str(call.body, 'body') ?? comment.body;
  comment.updatedAt = isoNow();
  return { status: 200, json: commentJson(call.ctx, comment) };
}

/** The same reaction twice by one user is the existing one (200), as on GitHub. */
function react(call: Call, reactions: ReactionState[]): Reply {
  const content = str(call.body, 'content') ?? '';
  const existing = reactions.find((r) => r.content === content && r.user === call.token.login);
  if (existing) return { status: 200, json: reactionJson(call.ctx, existing) };
  const reaction = {
    id: call.ctx.state.id('reaction'),
    content,
    user: call.token.login,
    createdAt: isoNow(),
  };
  reactions.push(reaction);
  return { status: 201, json: reactionJson(call.ctx, reaction) };
}

export const issueRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': listComments,
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': createComment,
  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': getComment,
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': updateComment,
  'POST /repos/{owner}/{repo}/issues/{issue_number}/reactions': (call) => {
    const pull = call.ctx.state.pull(call.repo.fullName, Number(call.params.issue_number));
    return pull ? react(call, pull.reactions) : notFound();
  },
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': (call) => {
    const comment = findComment(call);
    return comment ? react(call, comment.reactions) : notFound();
  },
};
