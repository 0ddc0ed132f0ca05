import type { Conditional, FailedRun, ForgeWatch, OpenPull, PullHistory, Reaction } from '../forge.js';
import type { GitHubAuth, GitHubClient } from './github-client.js';
import { githubError, statusOf } from './github-error.js';

/** `owner/name` as Octokit's parameters. */
export function split(repo: string): { owner: string; repo: string } {
  const [owner, name] = repo.split('/') as [string, string];
  return { owner, repo: name };
}

/**
 * What the service watches on GitHub's REST API (the ForgeWatch port): the open pull requests and failed
 * runs of a repository (conditional requests: an unchanged answer costs no rate limit), a commenter's
 * permission, reactions, an App installation's repositories; and, for every request made through the
 * client, their count and the rate limit left. GitHubForge adds the rest of the Forge port. Every vendor
 * error becomes a domain error naming the operation and the permission it needs.
 */
export class GitHubWatch implements ForgeWatch {
  private count = 0;
  private remaining: number | undefined;

  constructor(
    protected readonly client: GitHubClient,
    protected readonly auth: GitHubAuth,
  ) {
    client.hook.before('request', () => {
      this.count++;
    });
    client.hook.after('request', (response) => {
      const left = Number(response.headers['x-ratelimit-remaining']);
      if (Number.isFinite(left)) this.remaining = left;
    });
  }

  get rateLimitRemaining(): number | undefined {
    return this.remaining;
  }

  /** Requests made so far (for the benchmark and the outcome). */
  get requests(): number {
    return this.count;
  }

  protected async call<T>(what: string, permission: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw githubError(err, what, permission);
    }
  }

  /** A GET with If-None-Match: Octokit throws on 304, which here means "unchanged". */
  private async conditional<T, R>(
    what: string,
    permission: string,
    etag: string | undefined,
    f: (headers: Record<string, string>) => Promise<{ data: T; headers: { etag?: string } }>,
    map: (data: T) => R,
  ): Promise<Conditional<R>> {
    try {
      const r = await f(etag ? { 'if-none-match': etag } : {});
      return { changed: true, ...(r.headers.etag ? { etag: r.headers.etag } : {}), data: map(r.data) };
    } catch (err) {
      if (statusOf(err) === 304) return { changed: false };
      throw githubError(err, what, permission);
    }
  }

  async openPullRequests(repo: string, etag?: string): Promise<Conditional<OpenPull[]>> {
    return this.conditional(
      `list the open pull requests of ${repo}`,
      'pull-requests: read',
      etag,
      (headers) => this.client.rest.pulls.list({ ...split(repo), state: 'open', per_page: 100, headers }),
      (pulls) =>
        pulls.flatMap((p) =>
          p.head.repo
            ? [
                {
                  number: p.number,
                  headSha: p.head.sha,
                  headRepo: p.head.repo.full_name,
                  headRef: p.head.ref,
                },
              ]
            : [],
        ),
    );
  }

  async failedRuns(repo: string, etag?: string): Promise<Conditional<FailedRun[]>> {
    return this.conditional(
      `list the failed workflow runs of ${repo}`,
      'actions: read',
      etag,
      (headers) =>
        this.client.rest.actions.listWorkflowRunsForRepo({
          ...split(repo),
          status: 'failure',
          per_page: 50,
          headers,
        }),
      (data) =>
        data.workflow_runs.map((r) => ({
          id: r.id,
          checkSuiteId: r.check_suite_id ?? 0,
          attempt: r.run_attempt ?? 1,
          headSha: r.head_sha,
          headBranch: r.head_branch ?? '',
          headRepo: r.head_repository?.full_name ?? repo,
          event: r.event,
          pullRequests: (r.pull_requests ?? []).map((p) => p.number),
        })),
    );
  }

  async permission(repo: string, user: string): Promise<string> {
    try {
      const { data } = await this.client.rest.repos.getCollaboratorPermissionLevel({
        ...split(repo),
        username: user,
      });
      return data.role_name || data.permission;
    } catch (err) {
      // Not a collaborator (or no such user): no permission.
      if (statusOf(err) === 404) return 'none';
      throw githubError(err, `read ${user}'s permission on ${repo}`, 'metadata: read');
    }
  }

  async react(repo: string, commentId: number, reaction: Reaction): Promise<void> {
    await this.call(`react to comment ${commentId} on ${repo}`, 'issues: write', () =>
      this.client.rest.reactions.createForIssueComment({
        ...split(repo),
        comment_id: commentId,
        content: reaction,
      }),
    );
  }

  async pullHistory(repo: string, number: number): Promise<PullHistory> {
    const what = `read pull request #${number} of ${repo} and its commits`;
    const [pull, commits] = await Promise.all([
      this.call(what, 'pull_requests: read', () =>
        this.client.rest.pulls.get({ ...split(repo), pull_number: number }),
      ),
      this.call(what, 'pull_requests: read', () =>
        this.client.paginate(this.client.rest.pulls.listCommits, {
          ...split(repo),
          pull_number: number,
          per_page: 100,
        }),
      ),
    ]);
    return {
      state: pull.data.state === 'closed' ? 'closed' : 'open',
      merged: pull.data.merged,
      commits: commits.map((c) => ({ sha: c.sha, message: c.commit.message })),
    };
  }

  async installationRepositories(): Promise<string[]> {
    if (this.auth.kind !== 'app') return [];
    const repos = await this.call('list the repositories of the App installation', 'metadata: read', () =>
      this.client.paginate(this.client.rest.apps.listReposAccessibleToInstallation, { per_page: 100 }),
    );
    return repos.map((r) => r.full_name);
  }
}
