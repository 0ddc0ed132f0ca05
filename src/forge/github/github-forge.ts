import type { ChangedFile, Comment, Forge, PullRequest, ReviewComment } from '../forge.js';
import { GitHubActions } from './github-actions.js';
import { gitToken } from './github-client.js';
import { githubError, statusOf } from './github-error.js';
import { split } from './github-watch.js';

/**
 * The Forge port on GitHub's REST API (docs/architecture.md: Octokit appears only under forge/github/),
 * with what the service watches (GitHubWatch). Every vendor error becomes a domain error naming the
 * operation and the permission it needs.
 */
export class GitHubForge extends GitHubActions implements Forge {
  readonly name = 'github';
  /** Web addresses of repositories seen in answers, for compare links. */
  private readonly web = new Map<string, string>();

  async pullRequest(repo: string, number: number): Promise<PullRequest> {
    const { data: p } = await this.call(`read pull request ${repo}#${number}`, 'pull-requests: read', () =>
      this.client.rest.pulls.get({ ...split(repo), pull_number: number }),
    );
    if (!p.head.repo)
      throw githubError(
        { status: 404, message: 'the head repository of the pull request was deleted' },
        `read the head repository of ${repo}#${number}`,
        'contents: read',
      );
    this.web.set(p.base.repo.full_name, p.base.repo.html_url);
    this.web.set(p.head.repo.full_name, p.head.repo.html_url);
    return {
      repo: p.base.repo.full_name,
      number: p.number,
      url: p.html_url,
      state: p.state === 'open' ? 'open' : 'closed',
      merged: p.merged === true || p.merged_at !== null,
      title: p.title,
      author: p.user.login,
      labels: p.labels.map((l) => l.name),
      head: {
        repo: p.head.repo.full_name,
        ref: p.head.ref,
        sha: p.head.sha,
        cloneUrl: p.head.repo.clone_url,
      },
      base: {
        repo: p.base.repo.full_name,
        ref: p.base.ref,
        sha: p.base.sha,
        cloneUrl: p.base.repo.clone_url,
        defaultBranch: p.base.repo.default_branch,
      },
      fork: p.head.repo.full_name !== p.base.repo.full_name,
      maintainerCanModify: p.maintainer_can_modify,
    };
  }

  async findPullRequest(repo: string, headRepo: string, headRef: string): Promise<number | undefined> {
    const owner = headRepo.split('/')[0]!;
    const { data } = await this.call(
      `find the pull request of ${headRepo}:${headRef}`,
      'pull-requests: read',
      () =>
        this.client.rest.pulls.list({
          ...split(repo),
          state: 'open',
          head: `${owner}:${headRef}`,
          per_page: 10,
        }),
    );
    return data.find((p) => p.head.repo?.full_name === headRepo && p.head.ref === headRef)?.number;
  }

  async changedFiles(repo: string, number: number): Promise<ChangedFile[]> {
    const files = await this.call(`list the files of ${repo}#${number}`, 'pull-requests: read', () =>
      this.client.paginate(this.client.rest.pulls.listFiles, {
        ...split(repo),
        pull_number: number,
        per_page: 100,
      }),
    );
    return files.map((f) => ({ path: f.filename, status: f.status, ...(f.patch ? { patch: f.patch } : {}) }));
  }

  async fileOnDefaultBranch(repo: string, path: string): Promise<string | undefined> {
    try {
      const { data } = await this.client.rest.repos.getContent({ ...split(repo), path });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
      return Buffer.from(data.content, 'base64').toString('utf8');
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw githubError(err, `read ${path} of ${repo}`, 'contents: read');
    }
  }

  async commit(repo: string, sha: string): Promise<{ author: string; email: string; message: string }> {
    const { data } = await this.call(`read commit ${sha.slice(0, 7)}`, 'contents: read', () =>
      this.client.rest.repos.getCommit({ ...split(repo), ref: sha, per_page: 1 }),
    );
    return {
      author: data.commit.author?.name ?? '',
      email: data.commit.author?.email ?? '',
      message: data.commit.message,
    };
  }

  async whoami(): Promise<string | undefined> {
    try {
      return (await this.client.rest.users.getAuthenticated()).data.login;
    } catch {
      // An installation token (the Actions token, an App) has no user: its comments are a bot's.
      return undefined;
    }
  }

  async comments(repo: string, number: number): Promise<Comment[]> {
    const all = await this.call(`list the comments of ${repo}#${number}`, 'pull-requests: read', () =>
      this.client.paginate(this.client.rest.issues.listComments, {
        ...split(repo),
        issue_number: number,
        per_page: 100,
      }),
    );
    return all.map((c) => ({
      id: c.id,
      body: c.body ?? '',
      author: c.user?.login ?? '',
      bot: c.user?.type === 'Bot',
    }));
  }

  async createComment(repo: string, number: number, body: string): Promise<Comment> {
    const { data: c } = await this.call(`comment on ${repo}#${number}`, 'pull-requests: write', () =>
      this.client.rest.issues.createComment({ ...split(repo), issue_number: number, body }),
    );
    return { id: c.id, body: c.body ?? '', author: c.user?.login ?? '', bot: c.user?.type === 'Bot' };
  }

  async updateComment(repo: string, id: number, body: string): Promise<void> {
    await this.call(`update comment ${id} on ${repo}`, 'pull-requests: write', () =>
      this.client.rest.issues.updateComment({ ...split(repo), comment_id: id, body }),
    );
  }

  async createReview(
    repo: string,
    number: number,
    review: { commitSha: string; body: string; comments: ReviewComment[] },
  ): Promise<{ url: string }> {
    const { data } = await this.call(`review ${repo}#${number}`, 'pull-requests: write', () =>
      this.client.rest.pulls.createReview({
        ...split(repo),
        pull_number: number,
        commit_id: review.commitSha,
        event: 'COMMENT',
        body: review.body,
        comments: review.comments.map((c) => ({
          path: c.path,
          line: c.line,
          side: 'RIGHT' as const,
          ...(c.startLine !== undefined && c.startLine < c.line
            ? { start_line: c.startLine, start_side: 'RIGHT' as const }
            : {}),
          body: c.body,
        })),
      }),
    );
    return { url: data.html_url };
  }

  async createPullRequest(
    repo: string,
    pr: { head: string; base: string; title: string; body: string },
  ): Promise<{ number: number; url: string }> {
    const { data } = await this.call(`open a pull request on ${repo}`, 'pull-requests: write', () =>
      this.client.rest.pulls.create({ ...split(repo), ...pr }),
    );
    return { number: data.number, url: data.html_url };
  }

  compareUrl(repo: string, base: string, head: string): string {
    const web = this.web.get(repo) ?? `https://github.com/${repo}`;
    return `${web}/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}`;
  }

  async gitEnv(url: string): Promise<Record<string, string>> {
    const token = await gitToken(this.client, this.auth);
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    // Scoped to the forge's origin: a redirect or submodule elsewhere never receives the header.
    return {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${new URL(url).origin}/.extraHeader`,
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    };
  }
}
