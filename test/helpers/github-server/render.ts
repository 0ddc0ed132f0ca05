import { specExample } from './openapi-checker.js';
import type {
  CheckRunState,
  CommentState,
  GitHubState,
  JobState,
  PullState,
  ReactionState,
  RepoState,
  ReviewCommentState,
  ReviewState,
  RunState,
} from './state.js';

/**
 * State → GitHub's JSON. Each shape starts from the spec's own example object (so every field the
 * schema requires is there, with a plausible value) and overrides what the state knows; the example's
 * URLs and names are rewritten to this server's. The OpenAPI checker validates every result.
 */

type Json = Record<string, unknown>;

export interface RenderContext {
  state: GitHubState;
  /** REST base, e.g. http://127.0.0.1:PORT */
  apiUrl: string;
  /** Where html_url points (the same server; nothing serves those pages). */
  webUrl: string;
  cloneUrl(fullName: string): string;
}

/** Rewrites the example's hosts and the names it uses for its repository and user. */
function rewrite<T>(ctx: RenderContext, value: T, names: Array<[string, string]> = []): T {
  let text = JSON.stringify(value)
    .replaceAll('https://api.github.com', ctx.apiUrl)
    .replaceAll('https://github.com', ctx.webUrl);
  for (const [from, to] of names) text = text.replaceAll(from, to);
  return JSON.parse(text) as T;
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64');
}

export function userJson(ctx: RenderContext, login: string): Json {
  const user = specExample('pull-request').user as Json;
  const id = ctx.state.userId(login);
  const bot = login.endsWith('[bot]');
  return {
    ...rewrite(ctx, user, [['/octocat', `/${encodeURIComponent(login)}`]]),
    login,
    id,
    node_id: nodeId('User', id),
    type: bot ? 'Bot' : 'User',
    site_admin: false,
  };
}

/** The `repository` shape that pull requests' head and base embed (also `minimal-repository`'s fields). */
export function repositoryJson(ctx: RenderContext, repo: RepoState): Json {
  const example = specExample<Json>('pull-request');
  const base = (example.base as Json).repo as Json;
  return repoFields(ctx, repo, base);
}

export function fullRepositoryJson(ctx: RenderContext, repo: RepoState): Json {
  const json = repoFields(ctx, repo, specExample<Json>('full-repository'));
  json.has_discussions = false;
  json.network_count = 0;
  json.subscribers_count = 0;
  delete json.organization;
  delete json.template_repository;
  if (repo.forkOf) {
    const parent = ctx.state.repo(repo.forkOf)!;
    json.parent = repositoryJson(ctx, parent);
    json.source = repositoryJson(ctx, parent);
  } else {
    delete json.parent;
    delete json.source;
  }
  return json;
}

function repoFields(ctx: RenderContext, repo: RepoState, example: Json): Json {
  const json = rewrite(ctx, example, [
    ['octocat/Hello-World', repo.fullName],
    ['"Hello-World"', JSON.stringify(repo.name)],
  ]);
  return {
    ...json,
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: userJson(ctx, repo.owner),
    private: false,
    visibility: 'public',
    fork: Boolean(repo.forkOf),
    default_branch: repo.defaultBranch,
    clone_url: ctx.cloneUrl(repo.fullName),
    git_url: ctx.cloneUrl(repo.fullName),
    ssh_url: `git@127.0.0.1:${repo.fullName}.git`,
    svn_url: `${ctx.webUrl}/${repo.fullName}`,
    html_url: `${ctx.webUrl}/${repo.fullName}`,
    url: `${ctx.apiUrl}/repos/${repo.fullName}`,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    archived: false,
    disabled: false,
  };
}

function labelJson(ctx: RenderContext, repo: string, name: string, i: number): Json {
  const label = rewrite(ctx, (specExample<Json>('pull-request').labels as Json[])[0]!, [
    ['octocat/Hello-World', repo],
  ]);
  return {
    ...label,
    id: 200 + i,
    node_id: nodeId('Label', 200 + i),
    name,
    url: `${ctx.apiUrl}/repos/${repo}/labels/${encodeURIComponent(name)}`,
    default: false,
  };
}

export function pullJson(ctx: RenderContext, pull: PullState): Json {
  const base = ctx.state.repo(pull.repo)!;
  const head = ctx.state.repo(pull.head.repo)!;
  const api = `${ctx.apiUrl}/repos/${base.fullName}`;
  const html = `${ctx.webUrl}/${base.fullName}/pull/${pull.number}`;
  const json = rewrite(ctx, specExample<Json>('pull-request'), [['octocat/Hello-World', base.fullName]]);
  const closedAt = pull.state === 'closed' ? pull.updatedAt : null;
  return {
    ...json,
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userJson(ctx, pull.user),
    body: pull.body,
    labels: pull.labels.map((l, i) => labelJson(ctx, base.fullName, l, i)),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: closedAt,
    merged_at: pull.merged ? closedAt : null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${head.owner}:${pull.head.ref}`,
      ref: pull.head.ref,
      sha: pull.head.sha,
      user: userJson(ctx, head.owner),
      repo: repositoryJson(ctx, head),
    },
    base: {
      label: `${base.owner}:${pull.base.ref}`,
      ref: pull.base.ref,
      sha: pull.base.sha,
      user: userJson(ctx, base.owner),
      repo: repositoryJson(ctx, base),
    },
    _links: {
      self: { href: `${api}/pulls/${pull.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${pull.number}` },
      comments: { href: `${api}/issues/${pull.number}/comments` },
      review_comments: { href: `${api}/pulls/${pull.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pull.number}/commits` },
      statuses: { href: `${api}/statuses/${pull.head.sha}` },
    },
    author_association: pull.user === base.owner ? 'OWNER' : 'CONTRIBUTOR',
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.state === 'open' ? true : null,
    rebaseable: pull.state === 'open' ? true : null,
    mergeable_state: pull.state === 'open' ? 'clean' : 'unknown',
    merged_by: null,
    comments: ctx.state.comments.filter((c) => c.repo === base.fullName && c.issue === pull.number).length,
    review_comments: ctx.state.reviews
      .filter((r) => r.repo === base.fullName && r.pull === pull.number)
      .reduce((n, r) => n + r.comments.length, 0),
    maintainer_can_modify: pull.maintainerCanModify,
  };
}

/** The short form of list endpoints (`pull-request-simple`): the full object minus the counters. */
export function pullSimpleJson(ctx: RenderContext, pull: PullState): Json {
  const {
    merged: _m,
    mergeable: _a,
    rebaseable: _r,
    mergeable_state: _s,
    merged_by: _b,
    comments: _c,
    review_comments: _rc,
    maintainer_can_modify: _mm,
    commits: _co,
    additions: _ad,
    deletions: _de,
    changed_files: _cf,
    ...simple
  } = pullJson(ctx, pull);
  return simple;
}

function pullRefJson(ctx: RenderContext, pull: PullState): Json {
  const base = ctx.state.repo(pull.repo)!;
  const head = ctx.state.repo(pull.head.repo)!;
  const mini = (r: RepoState) => ({ id: r.id, url: `${ctx.apiUrl}/repos/${r.fullName}`, name: r.name });
  return {
    url: `${ctx.apiUrl}/repos/${base.fullName}/pulls/${pull.number}`,
    id: pull.id,
    number: pull.number,
    head: { ref: pull.head.ref, sha: pull.head.sha, repo: mini(head) },
    base: { ref: pull.base.ref, sha: pull.base.sha, repo: mini(base) },
  };
}

export function runJson(ctx: RenderContext, run: RunState): Json {
  const repo = ctx.state.repo(run.repo)!;
  const headRepo = ctx.state.repo(run.headRepo) ?? repo;
  const api = `${ctx.apiUrl}/repos/${repo.fullName}/actions/runs/${run.id}`;
  const json = rewrite(ctx, specExample<Json>('workflow-run'), [['octo-org/octo-repo', repo.fullName]]);
  const minimal = (r: RepoState) => {
    const full = repositoryJson(ctx, r);
    delete full.permissions;
    return full;
  };
  return {
    ...json,
    id: run.id,
    name: run.name,
    node_id: nodeId('WorkflowRun', run.id),
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: nodeId('CheckSuite', run.checkSuiteId),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `.github/workflows/${run.name.toLowerCase().replace(/\W+/g, '-')}.yml`,
    run_number: run.runNumber,
    event: run.event,
    display_title: run.name,
    status: run.status,
    conclusion: run.conclusion,
    url: api,
    html_url: `${ctx.webUrl}/${repo.fullName}/actions/runs/${run.id}`,
    pull_requests: run.pullRequests
      .map((n) => ctx.state.pull(repo.fullName, n))
      .filter((p): p is PullState => Boolean(p))
      .map((p) => pullRefJson(ctx, p)),
    created_at: run.createdAt,
    updated_at: run.createdAt,
    actor: userJson(ctx, headRepo.owner),
    triggering_actor: userJson(ctx, headRepo.owner),
    run_attempt: run.runAttempt,
    referenced_workflows: [],
    run_started_at: run.createdAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${ctx.apiUrl}/repos/${repo.fullName}/check-suites/${run.checkSuiteId}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: null,
    head_commit: { ...(json.head_commit as Json), id: run.headSha },
    repository: minimal(repo),
    head_repository: minimal(headRepo),
  };
}

export function jobJson(ctx: RenderContext, run: RunState, job: JobState): Json {
  const repo = run.repo;
  const json = rewrite(ctx, specExample<Json>('job'), [['octo-org/octo-repo', repo]]);
  const steps = job.steps.map((s) => ({
    name: s.name,
    status: 'completed',
    conclusion: s.conclusion,
    number: s.number,
    started_at: run.createdAt,
    completed_at: run.createdAt,
  }));
  return {
    ...json,
    id: job.id,
    run_id: run.id,
    run_url: `${ctx.apiUrl}/repos/${repo}/actions/runs/${run.id}`,
    run_attempt: job.attempt,
    node_id: nodeId('WorkflowJob', job.id),
    head_sha: run.headSha,
    url: `${ctx.apiUrl}/repos/${repo}/actions/jobs/${job.id}`,
    html_url: `${ctx.webUrl}/${repo}/actions/runs/${run.id}/job/${job.id}`,
    status: job.conclusion === null ? 'queued' : 'completed',
    conclusion: job.conclusion,
    created_at: run.createdAt,
    started_at: run.createdAt,
    completed_at: run.createdAt,
    name: job.name,
    steps,
    check_run_url: `${ctx.apiUrl}/repos/${repo}/check-runs/${job.checkRunId}`,
    labels: ['ubuntu-latest'],
    runner_id: 1,
    runner_name: 'GitHub Actions 1',
    runner_group_id: 1,
    runner_group_name: 'GitHub Actions',
    workflow_name: run.name,
    head_branch: run.headBranch,
  };
}

export function checkRunJson(ctx: RenderContext, check: CheckRunState): Json {
  const repo = check.repo;
  const json = rewrite(ctx, specExample<Json>('check-run'), [['github/hello-world', repo]]);
  const app = json.app as Json;
  const pulls = ctx.state.pulls.filter(
    (p) => p.repo === repo && p.head.sha === check.headSha && p.state === 'open',
  );
  return {
    ...json,
    id: check.id,
    head_sha: check.headSha,
    node_id: nodeId('CheckRun', check.id),
    external_id: check.externalId,
    url: `${ctx.apiUrl}/repos/${repo}/check-runs/${check.id}`,
    html_url: `${ctx.webUrl}/${repo}/runs/${check.id}`,
    details_url: check.detailsUrl,
    status: check.status,
    conclusion: check.conclusion,
    started_at: check.startedAt,
    completed_at: check.completedAt,
    output: {
      title: check.title,
      summary: check.summary,
      text: check.text,
      annotations_count: check.annotations.length,
      annotations_url: `${ctx.apiUrl}/repos/${repo}/check-runs/${check.id}/annotations`,
    },
    name: check.name,
    check_suite: { id: check.checkSuiteId },
    app:
      check.app === 'actions'
        ? { ...app, id: 15368, slug: 'github-actions', name: 'GitHub Actions' }
        : { ...app, id: 4242, slug: 'ci-autofix', name: 'ci-autofix' },
    pull_requests: pulls.map((p) => pullRefJson(ctx, p)),
  };
}

function reactionsJson(ctx: RenderContext, url: string, reactions: ReactionState[]): Json {
  const count = (c: string) => reactions.filter((r) => r.content === c).length;
  return {
    url,
    total_count: reactions.length,
    '+1': count('+1'),
    '-1': count('-1'),
    laugh: count('laugh'),
    confused: count('confused'),
    heart: count('heart'),
    hooray: count('hooray'),
    eyes: count('eyes'),
    rocket: count('rocket'),
  };
}

export function reactionJson(ctx: RenderContext, reaction: ReactionState): Json {
  return {
    ...specExample<Json>('reaction'),
    id: reaction.id,
    node_id: nodeId('Reaction', reaction.id),
    user: userJson(ctx, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function commentJson(ctx: RenderContext, comment: CommentState): Json {
  const url = `${ctx.apiUrl}/repos/${comment.repo}/issues/comments/${comment.id}`;
  const json = rewrite(ctx, specExample<Json>('issue-comment'), [['octocat/Hello-World', comment.repo]]);
  delete json.pin;
  return {
    ...json,
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url,
    html_url: `${ctx.webUrl}/${comment.repo}/pull/${comment.issue}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${ctx.apiUrl}/repos/${comment.repo}/issues/${comment.issue}`,
    author_association: comment.user.endsWith('[bot]') ? 'NONE' : 'CONTRIBUTOR',
    reactions: reactionsJson(ctx, `${url}/reactions`, comment.reactions),
  };
}

export function reviewJson(ctx: RenderContext, review: ReviewState): Json {
  const json = rewrite(ctx, specExample<Json>('pull-request-review'), [['octocat/Hello-World', review.repo]]);
  const html = `${ctx.webUrl}/${review.repo}/pull/${review.pull}#pullrequestreview-${review.id}`;
  const out: Json = {
    ...json,
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: userJson(ctx, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: `${ctx.apiUrl}/repos/${review.repo}/pulls/${review.pull}`,
    _links: {
      html: { href: html },
      pull_request: { href: `${ctx.apiUrl}/repos/${review.repo}/pulls/${review.pull}` },
    },
    commit_id: review.commitId,
    author_association: 'NONE',
  };
  if (review.submittedAt) out.submitted_at = review.submittedAt;
  else delete out.submitted_at;
  return out;
}

export function reviewCommentJson(ctx: RenderContext, comment: ReviewCommentState): Json {
  const json = rewrite(ctx, specExample<Json>('pull-request-review-comment'), [
    ['octocat/Hello-World', comment.repo],
  ]);
  const url = `${ctx.apiUrl}/repos/${comment.repo}/pulls/comments/${comment.id}`;
  const html = `${ctx.webUrl}/${comment.repo}/pull/${comment.pull}#discussion_r${comment.id}`;
  const pullUrl = `${ctx.apiUrl}/repos/${comment.repo}/pulls/${comment.pull}`;
  delete json.in_reply_to_id;
  return {
    ...json,
    url,
    pull_request_review_id: comment.reviewId,
    id: comment.id,
    node_id: nodeId('PullRequestReviewComment', comment.id),
    diff_hunk: comment.diffHunk,
    path: comment.path,
    position: 1,
    original_position: 1,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    user: userJson(ctx, comment.user),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: 'NONE',
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
    start_line: comment.startLine,
    original_start_line: comment.startLine,
    start_side: comment.startSide,
    line: comment.line,
    original_line: comment.line,
    side: comment.side,
    subject_type: 'line',
    reactions: reactionsJson(ctx, `${url}/reactions`, []),
  };
}

export function gitRefJson(ctx: RenderContext, repo: string, ref: string, sha: string): Json {
  return {
    ref,
    node_id: nodeId('Ref', sha.length),
    url: `${ctx.apiUrl}/repos/${repo}/git/${ref}`,
    object: { type: 'commit', sha, url: `${ctx.apiUrl}/repos/${repo}/git/commits/${sha}` },
  };
}
