import { z } from 'zod';
import { parseCommand } from './chat-ops.js';
import { FAILED, isRepoName, rerunEnd, suiteTrigger, type Intent } from './intents.js';

/**
 * A GitHub webhook delivery → what the service queues. Payloads are untrusted input (the signature says
 * who sent them, not that every field has the type GitHub documents): each event's fields are checked
 * with zod before use, and a payload of the wrong shape is ignored with the reason, never thrown on.
 */

export interface EventIntents {
  intents: Intent[];
  /** Why nothing was queued, in one line (for the log and the 202 answer); absent when intents were. */
  ignored?: string;
}

export interface EventOptions {
  /** Logins whose comments are never commands (the service's own user when it runs with a token). */
  botLogins?: string[];
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

// ── the fields the handlers read, as GitHub documents them ─────────────────────────────────────────────

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const repoName = z.string().refine(isRepoName, 'not an owner/name repository');
const sha = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'not a commit SHA');
const branch = z.string().refine(isBranchName, 'not a branch name');
const login = z.string().min(1).max(100);

/** The base repository: every event handled here names it. */
const repository = z.object({ id: id.optional(), full_name: repoName, url: z.string().optional() });
const installation = z.object({ id }).nullish();

/** A repository as a pull request reference in a run or suite names it: id, API url, short name. */
const miniRepo = z
  .object({ id: id.optional(), url: z.string().optional(), full_name: z.string().optional() })
  .nullish();
const pullRef = z.object({
  number: id,
  head: z.object({ repo: miniRepo }).nullish(),
  base: z.object({ repo: miniRepo }).nullish(),
});

const workflowRunEvent = z.object({
  repository,
  installation,
  workflow_run: z.object({
    id,
    run_attempt: z.number().int().positive().optional(),
    conclusion: z.string().nullable(),
    event: z.string(),
    head_sha: sha,
    head_branch: branch,
    head_repository: z.object({ full_name: repoName }),
    check_suite_id: id,
    pull_requests: z.array(pullRef),
  }),
});

const checkSuiteEvent = z.object({
  repository,
  installation,
  check_suite: z.object({
    id,
    conclusion: z.string().nullable(),
    head_sha: sha,
    head_branch: branch,
    pull_requests: z.array(pullRef),
  }),
});

const pullRequestEvent = z.object({
  repository,
  installation,
  pull_request: z.object({ number: id, head: z.object({ sha, ref: z.string().max(255).nullish() }) }),
});

const issueCommentEvent = z.object({
  repository,
  installation,
  issue: z.object({ number: id, pull_request: z.object({}).nullish() }),
  comment: z.object({
    id,
    body: z.string(),
    user: z.object({ login, type: z.string() }),
  }),
});

// ── the handlers ───────────────────────────────────────────────────────────────────────────────────────

/** The intents a webhook delivery of `event` (the `X-GitHub-Event` header) asks for. Never throws. */
export function intentsFromEvent(event: string, payload: unknown, options: EventOptions = {}): EventIntents {
  if (event === 'ping') return ignore('ping');
  const handler = typeof event === 'string' ? handlers.get(event) : undefined;
  if (!handler) return ignore(`event ${show(event)} is not handled`);
  if (!isObject(payload)) return ignore(`${event}: the payload is not a JSON object`);
  const action = payload.action;
  if (typeof action !== 'string') return ignore(`${event}: the payload names no action`);
  return handler(action, payload, options);
}

type Handler = (action: string, payload: Record<string, unknown>, options: EventOptions) => EventIntents;

// A Map, not an object: an event named `constructor` or `__proto__` must find no handler.
const handlers = new Map<string, Handler>(
  Object.entries({
    workflow_run: (action, payload) => {
      if (action !== 'completed')
        return ignore(`workflow_run ${show(action)}: only completed runs are fixed`);
      const parsed = parse(workflowRunEvent, payload, 'workflow_run');
      if ('reason' in parsed) return ignore(parsed.reason);
      const { repository: repo, workflow_run: run } = parsed.data;
      const rerun = rerunEnd(repo.full_name, run);
      if (!run.conclusion || !FAILED.has(run.conclusion))
        return rerun.length
          ? { intents: rerun }
          : ignore(`workflow_run concluded ${show(run.conclusion)}: nothing to fix`);
      const base = {
        kind: 'fix' as const,
        repo: repo.full_name,
        headSha: run.head_sha,
        headRepo: run.head_repository.full_name,
        headBranch: run.head_branch,
        trigger: suiteTrigger(run.check_suite_id, run.run_attempt),
        ...installationOf(parsed.data),
        source: 'webhook' as const,
      };
      const pulls = pullsOf(run.pull_requests, repo);
      if (pulls.length) return { intents: [...rerun, ...pulls.map((p) => ({ ...base, pr: p.number }))] };
      // GitHub lists no pull request for a fork's run: the worker finds it by head repository and branch.
      const fromFork = run.head_repository.full_name.toLowerCase() !== repo.full_name.toLowerCase();
      if (PULL_REQUEST_EVENTS.has(run.event) && fromFork) return { intents: [...rerun, base] };
      if (rerun.length) return { intents: rerun };
      return ignore(
        `workflow_run of a ${show(run.event)} event on ${show(run.head_branch)}: no pull request`,
      );
    },

    check_suite: (action, payload) => {
      if (action !== 'completed')
        return ignore(`check_suite ${show(action)}: only completed suites are fixed`);
      const parsed = parse(checkSuiteEvent, payload, 'check_suite');
      if ('reason' in parsed) return ignore(parsed.reason);
      const { repository: repo, check_suite: suite } = parsed.data;
      if (!suite.conclusion || !FAILED.has(suite.conclusion))
        return ignore(`check_suite concluded ${show(suite.conclusion)}: nothing to fix`);
      const pulls = pullsOf(suite.pull_requests, repo);
      // Unlike workflow_run, a suite does not say which event started it, so a fork's cannot be told apart.
      if (!pulls.length)
        return ignore(
          `check_suite on ${show(suite.head_branch)} lists no pull request of ${repo.full_name} (a push, or a fork's: its workflow_run event finds those)`,
        );
      return {
        intents: pulls.map((p) => ({
          kind: 'fix' as const,
          repo: repo.full_name,
          pr: p.number,
          headSha: suite.head_sha,
          headRepo: repoOfRef(p.head?.repo) ?? repo.full_name,
          headBranch: suite.head_branch,
          trigger: suiteTrigger(suite.id),
          ...installationOf(parsed.data),
          source: 'webhook' as const,
        })),
      };
    },

    pull_request: (action, payload) => {
      if (action !== 'closed' && action !== 'synchronize')
        return ignore(`pull_request ${show(action)}: nothing to do`);
      const parsed = parse(pullRequestEvent, payload, 'pull_request');
      if ('reason' in parsed) return ignore(parsed.reason);
      const { repository: repo, pull_request: pull } = parsed.data;
      const target = { repo: repo.full_name, pr: pull.number };
      // What became of the fixes in it is read from its history, merged or not (the fix memory).
      const verdicts = {
        kind: 'verdicts' as const,
        ...target,
        closed: action === 'closed',
        ...(pull.head.ref ? { headRef: pull.head.ref } : {}),
        ...installationOf(parsed.data),
      };
      const first: Intent =
        action === 'closed'
          ? { kind: 'cancel', ...target, reason: 'closed' }
          : { kind: 'supersede', ...target, headSha: pull.head.sha, ...installationOf(parsed.data) };
      return { intents: [first, verdicts] };
    },

    issue_comment: (action, payload, options) => {
      if (action !== 'created')
        return ignore(`issue_comment ${show(action)}: only new comments are commands`);
      const parsed = parse(issueCommentEvent, payload, 'issue_comment');
      if ('reason' in parsed) return ignore(parsed.reason);
      const { repository: repo, issue, comment } = parsed.data;
      if (!issue.pull_request) return ignore('issue_comment on an issue, not a pull request');
      const user = comment.user.login;
      const bots = (options.botLogins ?? []).map((b) => b.toLowerCase());
      // The bot never answers itself, whatever its own comments quote.
      if (comment.user.type === 'Bot' || bots.includes(user.toLowerCase()))
        return ignore(`issue_comment by the bot ${show(user)}: never a command`);
      const command = parseCommand(comment.body);
      if (!command) return ignore('issue_comment is not an /autofix command');
      return {
        intents: [
          {
            kind: 'command',
            repo: repo.full_name,
            pr: issue.number,
            command,
            user,
            commentId: comment.id,
            ...installationOf(parsed.data),
          },
        ],
      };
    },
  } satisfies Record<string, Handler>),
);

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────────

const ignore = (reason: string): EventIntents => ({ intents: [], ignored: reason });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The payload's fields, or the first thing wrong with them as the reason it is ignored. */
function parse<T>(schema: z.ZodType<T>, payload: unknown, event: string): { data: T } | { reason: string } {
  const result = schema.safeParse(payload);
  if (result.success) return { data: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.map(String).join('.') || '(payload)';
  return { reason: `${event}: malformed payload: ${show(where)}: ${show(issue?.message, 120)}` };
}

const installationOf = (p: { installation?: { id: number } | null }): { installationId?: number } =>
  p.installation ? { installationId: p.installation.id } : {};

type RepoRef = z.infer<typeof miniRepo>;
type PullRef = z.infer<typeof pullRef>;
type Repository = z.infer<typeof repository>;

/**
 * The pull requests of the event's repository, each once. A run or suite may also list pull requests of
 * other repositories that share the commit (a fork's own ones): those are not ours to fix.
 */
function pullsOf(pulls: PullRef[], repo: Repository): PullRef[] {
  const seen = new Set<number>();
  return pulls.filter((p) => {
    if (seen.has(p.number) || !isOfRepo(p.base?.repo, repo)) return false;
    seen.add(p.number);
    return true;
  });
}

/** Whether a pull request's base is the event's repository: by id, else by API url, else its full name. */
function isOfRepo(base: RepoRef, repo: Repository): boolean {
  if (!base) return true;
  if (base.id !== undefined && repo.id !== undefined) return base.id === repo.id;
  if (base.url !== undefined && repo.url !== undefined) return base.url === repo.url;
  const name = repoOfRef(base);
  return name === undefined || name.toLowerCase() === repo.full_name.toLowerCase();
}

/** `owner/name` of a repository reference: its full_name, else read from its API url (`…/repos/o/n`). */
function repoOfRef(ref: RepoRef): string | undefined {
  if (!ref) return undefined;
  if (isRepoName(ref.full_name)) return ref.full_name;
  const m = /\/repos\/([^/]+\/[^/]+)$/.exec(ref.url ?? '');
  return m && isRepoName(m[1]) ? m[1] : undefined;
}

/** A branch name git accepts (git check-ref-format), so that it stays one argument and one ref. */
function isBranchName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|^[-/.]|[/.]$|\.lock(?:\/|$)|\/\./.test(name) &&
    name !== '@'
  );
}

/** A value from the payload as a reason may show it: printable ASCII, one line, short. */
function show(v: unknown, max = 60): string {
  if (typeof v !== 'string') return v === null ? 'null' : `(${typeof v})`;
  const clean = v.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
