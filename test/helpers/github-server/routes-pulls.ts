import { git, revParse } from './git.js';
import { hunkFor, pullDiff, type DiffFile } from './pull-diff.js';
import { syncPullHead } from './pull-heads.js';
import { commitJson } from './routes-repos.js';
import { pullJson, pullSimpleJson, reviewCommentJson, reviewJson } from './render.js';
import { error, invalid, listReply, notFound, str, type Call, type Handler, type Reply } from './rest.js';
import { isoNow, type PullState, type ReviewCommentState, type ReviewState } from './state.js';

/** Pull requests: read, list (by `head=owner:branch`), create, files, reviews and their comments. */

function findPull(call: Call): PullState | undefined {
  return call.ctx.state.pull(call.repo.fullName, Number(call.params.pull_number));
}

async function getPull(call: Call): Promise<Reply> {
  const pull = findPull(call);
  if (!pull) return notFound();
  // base.sha is the base branch's current tip, as GitHub reports it.
  pull.base.sha = (await revParse(call.repo.gitDir, `refs/heads/${pull.base.ref}`)) ?? pull.base.sha;
  const files = await pullDiff(call.ctx.state, pull);
  return {
    status: 200,
    json: {
      ...pullJson(call.ctx, pull),
      commits: 1,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length,
    },
  };
}

function listPulls(call: Call): Reply {
  const { state } = call.ctx;
  const wanted = call.query.get('state') ?? 'open';
  const head = call.query.get('head');
  const base = call.query.get('base');
  const pulls = state.pulls
    .filter((p) => p.repo.toLowerCase() === call.repo.fullName.toLowerCase())
    .filter((p) => wanted === 'all' || p.state === wanted)
    .filter((p) => !base || p.base.ref === base)
    .filter((p) => {
      if (!head) return true;
      // `owner:branch` (GitHub also accepts a bare branch of the base repository's owner).
      const [owner, branch] = head.includes(':') ? head.split(':', 2) : [call.repo.owner, head];
      const headRepo = state.repo(p.head.repo)!;
      return headRepo.owner.toLowerCase() === owner!.toLowerCase() && p.head.ref === branch;
    })
    .sort((a, b) => b.number - a.number);
  return listReply(call, pulls, (p) => pullSimpleJson(call.ctx, p));
}

async function createPull(call: Call): Promise<Reply> {
  const { state } = call.ctx;
  const head = str(call.body, 'head') ?? '';
  const base = str(call.body, 'base') ?? '';
  const [owner, ref] = head.includes(':') ? head.split(':', 2) : [call.repo.owner, head];
  const headRepo =
    str(call.body, 'head_repo') ??
    [...state.repos.values()].find(
      (r) =>
        r.owner.toLowerCase() === owner!.toLowerCase() &&
        (r.fullName.toLowerCase() === call.repo.fullName.toLowerCase() ||
          r.forkOf?.toLowerCase() === call.repo.fullName.toLowerCase()),
    )?.fullName;
  const headSha = headRepo ? await revParse(state.repo(headRepo)!.gitDir, `refs/heads/${ref}`) : undefined;
  if (!headRepo || !headSha) return invalid('PullRequest', 'head');
  const baseSha = await revParse(call.repo.gitDir, `refs/heads/${base}`);
  if (!baseSha) return invalid('PullRequest', 'base');
  if (
    state.pulls.some(
      (p) =>
        p.repo === call.repo.fullName && p.state === 'open' && p.head.repo === headRepo && p.head.ref === ref,
    )
  )
    return error(422, 'Validation Failed', {
      errors: [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${owner}:${ref}.`,
        },
      ],
    });
  const now = isoNow();
  const pull: PullState = {
    id: state.id('pull'),
    repo: call.repo.fullName,
    number: nextNumber(call),
    title: str(call.body, 'title') ?? ref!,
    body: str(call.body, 'body') ?? null,
    labels: [],
    state: 'open',
    merged: false,
    draft: call.body.draft === true,
    maintainerCanModify: call.body.maintainer_can_modify !== false,
    user: call.token.login,
    head: { repo: headRepo, ref: ref!, sha: headSha },
    base: { ref: base, sha: baseSha },
    reactions: [],
    createdAt: now,
    updatedAt: now,
  };
  state.pulls.push(pull);
  await syncPullHead(state, pull);
  return {
    status: 201,
    json: { ...pullJson(call.ctx, pull), commits: 1, additions: 0, deletions: 0, changed_files: 0 },
    headers: { location: `${call.ctx.apiUrl}/repos/${pull.repo}/pulls/${pull.number}` },
  };
}

/** Issues and pull requests share numbers. */
export function nextNumber(call: Call): number {
  const taken = call.ctx.state.pulls.filter((p) => p.repo === call.repo.fullName).map((p) => p.number);
  return Math.max(0, ...taken) + 1;
}

async function listFiles(call: Call): Promise<Reply> {
  const pull = findPull(call);
  if (!pull) return notFound();
  const files = await pullDiff(call.ctx.state, pull);
  const web = `${call.ctx.webUrl}/${pull.repo}`;
  return listReply(call, files, (f: DiffFile) => ({
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${web}/blob/${pull.head.sha}/${f.filename}`,
    raw_url: `${web}/raw/${pull.head.sha}/${f.filename}`,
    contents_url: `${call.ctx.apiUrl}/repos/${pull.repo}/contents/${f.filename}?ref=${pull.head.sha}`,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previousFilename ? { previous_filename: f.previousFilename } : {}),
  }));
}

/** The pull request's commits, oldest first, as GitHub lists them (at most 250). */
async function listCommits(call: Call): Promise<Reply> {
  const pull = findPull(call);
  if (!pull) return notFound();
  const base = (await revParse(call.repo.gitDir, `refs/heads/${pull.base.ref}`)) ?? pull.base.sha;
  const range = `${base}..refs/pull/${pull.number}/head`;
  const shas = (await git(call.repo.gitDir, ['rev-list', '--reverse', '--max-count=250', range]))
    .split('\n')
    .filter(Boolean);
  const commits = await Promise.all(shas.map((sha) => commitJson(call, sha)));
  return listReply(call, commits, (c) => c);
}

const REVIEW_STATE = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
} as const;

/**
 * A review with line comments. Each comment must name a line the pull request's diff shows on its side,
 * or the whole review is refused with GitHub's 422 "Line could not be resolved".
 */
async function createReview(call: Call): Promise<Reply> {
  const { state } = call.ctx;
  const pull = findPull(call);
  if (!pull) return notFound();
  const event = str(call.body, 'event') as keyof typeof REVIEW_STATE | undefined;
  const body = str(call.body, 'body') ?? '';
  if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && !body && !Array.isArray(call.body.comments))
    return error(422, 'Unprocessable Entity', { errors: ['Body is required'] });
  const files = await pullDiff(state, pull);
  const reviewId = state.id('review');
  const commitId = str(call.body, 'commit_id') ?? pull.head.sha;
  const comments: ReviewCommentState[] = [];
  for (const c of (call.body.comments as Array<Record<string, unknown>> | undefined) ?? []) {
    const path = String(c.path);
    const side = c.side === 'LEFT' ? 'LEFT' : 'RIGHT';
    const line = typeof c.line === 'number' ? c.line : undefined;
    const file = files.find((f) => f.filename === path);
    const hunk = line !== undefined ? hunkFor(file?.patch, line, side) : undefined;
    const startLine = typeof c.start_line === 'number' ? c.start_line : null;
    const startOk = startLine === null || hunkFor(file?.patch, startLine, side) !== undefined;
    if (!hunk || !startOk)
      return {
        status: 422,
        json: {
          message: 'Unprocessable Entity',
          errors: [file ? 'Line could not be resolved' : 'Path could not be resolved'],
          documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
          status: '422',
        },
      };
    comments.push({
      id: state.id('review-comment'),
      reviewId,
      repo: pull.repo,
      pull: pull.number,
      path,
      line: line!,
      side,
      startLine,
      startSide: startLine === null ? null : side,
      body: String(c.body ?? ''),
      commitId,
      diffHunk: hunk,
      user: call.token.login,
      createdAt: isoNow(),
    });
  }
  const review: ReviewState = {
    id: reviewId,
    repo: pull.repo,
    pull: pull.number,
    body,
    state: event ? REVIEW_STATE[event] : 'PENDING',
    commitId,
    user: call.token.login,
    submittedAt: event ? isoNow() : null,
    comments,
  };
  state.reviews.push(review);
  return { status: 200, json: reviewJson(call.ctx, review) };
}

function listReviews(call: Call): Reply {
  const pull = findPull(call);
  if (!pull) return notFound();
  const reviews = call.ctx.state.reviews.filter((r) => r.repo === pull.repo && r.pull === pull.number);
  return listReply(call, reviews, (r) => reviewJson(call.ctx, r));
}

function listReviewComments(call: Call): Reply {
  const pull = findPull(call);
  if (!pull) return notFound();
  const comments = call.ctx.state.reviews
    .filter((r) => r.repo === pull.repo && r.pull === pull.number && r.state !== 'PENDING')
    .flatMap((r) => r.comments);
  return listReply(call, comments, (c) => reviewCommentJson(call.ctx, c));
}

export const pullRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': getPull,
  'GET /repos/{owner}/{repo}/pulls': listPulls,
  'POST /repos/{owner}/{repo}/pulls': createPull,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': listFiles,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits': listCommits,
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': createReview,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': listReviews,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': listReviewComments,
};
