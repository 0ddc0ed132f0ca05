import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GitHubServer } from './index.js';
import { commentJson, pullJson, repositoryJson, runJson, userJson, type RenderContext } from './render.js';

/**
 * Webhook deliveries for tests of the event handlers: the official example payload
 * (`@octokit/webhooks-examples`) of an event and action, with the repository, pull request, run, head
 * commit and comment replaced by the server's state, so a handler that follows the payload back to the
 * API finds what the payload names.
 */

const EXAMPLES_FILE = fileURLToPath(
  new URL('../../../node_modules/@octokit/webhooks-examples/api.github.com/index.json', import.meta.url),
);

type Json = Record<string, unknown>;
let examples: Array<{ name: string; examples: Json[] }> | undefined;

export type WebhookEvent =
  | 'workflow_run.completed'
  | 'workflow_run.requested'
  | 'check_suite.completed'
  | 'check_run.completed'
  | 'pull_request.opened'
  | 'pull_request.synchronize'
  | 'pull_request.closed'
  | 'pull_request.labeled'
  | 'issue_comment.created'
  | 'issue_comment.edited';

export interface WebhookTarget {
  repo: string;
  /** The pull request the event is about (pull_request, issue_comment; listed by runs and suites). */
  pull?: number;
  /** The workflow run (workflow_run), or the run whose suite/check it is. */
  runId?: number;
  /** For issue_comment: the comment's id in the server's state, or a body for a comment only the payload has. */
  commentId?: number;
  commentBody?: string;
  /** The sender's login (default: the pull request's author or the repository owner). */
  sender?: string;
  /** For pull_request.synchronize: the head before the push. */
  before?: string;
  /** For pull_request.closed: whether it was merged (GitHub's `pull_request.merged`). */
  merged?: boolean;
}

export function webhookPayload(server: GitHubServer, event: WebhookEvent, target: WebhookTarget): Json {
  examples ??= JSON.parse(readFileSync(EXAMPLES_FILE, 'utf8')) as typeof examples;
  const [name, action] = event.split('.') as [string, string];
  const example = examples!.find((e) => e.name === name)?.examples.find((x) => x.action === action);
  if (!example) throw new Error(`no webhook example for ${event}`);
  const payload = structuredClone(example);
  const ctx: RenderContext = {
    state: server.state,
    apiUrl: server.apiUrl,
    webUrl: server.serverUrl,
    cloneUrl: server.cloneUrl,
  };
  const repo = server.repo(target.repo);
  const pull = target.pull !== undefined ? server.pull(repo.fullName, target.pull) : undefined;
  const run =
    target.runId !== undefined ? server.runs(repo.fullName).find((r) => r.id === target.runId) : undefined;
  delete payload.organization;
  delete payload.installation;
  payload.repository = { ...(payload.repository as Json), ...repositoryJson(ctx, repo) };
  payload.sender = userJson(ctx, target.sender ?? pull?.user ?? repo.owner);
  const headSha = run?.headSha ?? pull?.head.sha;
  const headBranch = run?.headBranch ?? pull?.head.ref;

  if (name === 'workflow_run' && run) {
    payload.workflow_run = { ...(payload.workflow_run as Json), ...runJson(ctx, run) };
  }
  if ((name === 'check_suite' || name === 'check_run') && headSha) {
    const pulls = pull ? [pullRef(ctx, pull)] : [];
    const suiteKey = name === 'check_suite' ? 'check_suite' : 'check_run';
    const suite = { ...(payload[suiteKey] as Json) };
    suite.head_sha = headSha;
    if (name === 'check_suite') {
      suite.head_branch = headBranch;
      suite.conclusion = run?.conclusion ?? suite.conclusion;
      if (run) suite.id = run.checkSuiteId;
    } else {
      const job = run?.jobs[0];
      if (job) Object.assign(suite, { id: job.id, name: job.name, conclusion: job.conclusion });
      suite.check_suite = {
        ...(suite.check_suite as Json),
        head_sha: headSha,
        head_branch: headBranch,
        pull_requests: pulls,
      };
    }
    suite.pull_requests = pulls;
    payload[suiteKey] = suite;
  }
  if (name === 'pull_request' && pull) {
    payload.number = pull.number;
    payload.pull_request = { ...(payload.pull_request as Json), ...pullJson(ctx, pull) };
    if (action === 'synchronize') {
      payload.before = target.before ?? payload.before;
      payload.after = pull.head.sha;
    }
    if (action === 'closed')
      payload.pull_request = {
        ...(payload.pull_request as Json),
        state: 'closed',
        merged: target.merged ?? false,
      };
  }
  if (name === 'issue_comment' && pull) {
    const pr = pullJson(ctx, pull);
    payload.issue = {
      ...(payload.issue as Json),
      number: pull.number,
      title: pull.title,
      body: pull.body,
      state: pull.state,
      user: pr.user,
      url: pr.issue_url,
      html_url: pr.html_url,
      comments_url: pr.comments_url,
      pull_request: { url: pr.url, html_url: pr.html_url, diff_url: pr.diff_url, patch_url: pr.patch_url },
    };
    const stored = server.comments(repo.fullName, pull.number).find((c) => c.id === target.commentId);
    payload.comment = stored
      ? { ...(payload.comment as Json), ...commentJson(ctx, stored) }
      : {
          ...(payload.comment as Json),
          body: target.commentBody ?? (payload.comment as Json).body,
          user: payload.sender,
          issue_url: pr.issue_url,
        };
  }
  return payload;
}

function pullRef(ctx: RenderContext, pull: NonNullable<ReturnType<GitHubServer['pull']>>): Json {
  const base = ctx.state.repo(pull.repo)!;
  const head = ctx.state.repo(pull.head.repo)!;
  const mini = (r: typeof base) => ({ id: r.id, url: `${ctx.apiUrl}/repos/${r.fullName}`, name: r.name });
  return {
    url: `${ctx.apiUrl}/repos/${base.fullName}/pulls/${pull.number}`,
    id: pull.id,
    number: pull.number,
    head: { ref: pull.head.ref, sha: pull.head.sha, repo: mini(head) },
    base: { ref: pull.base.ref, sha: pull.base.sha, repo: mini(base) },
  };
}
