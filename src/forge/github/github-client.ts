import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck/light.js';
import { AutofixError } from '../../domain/index.js';
import { githubError } from './github-error.js';

const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

/** A token (`GITHUB_TOKEN`: the Actions token or a PAT), or a GitHub App's id and private key. */
export type GitHubAuth =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; privateKey: string; installationId?: number };

export interface GitHubClientOptions {
  /** The REST base: `GITHUB_API_URL` (GitHub Enterprise Server, the tests' server). */
  apiUrl: string;
  auth: GitHubAuth;
  userAgent: string;
  /** plugin-retry waits (retry n)² × this before retrying a 5xx; 1 s in production. */
  retryBaseMs?: number;
  /** Secondary rate limits longer than this are not waited out (the job fails as external, retryable). */
  maxWaitSeconds?: number;
  /** The pause between writes (`GITHUB_WRITE_SPACING_MS`); absent: plugin-throttling's 1 s (3 s to notify). */
  writeSpacingMs?: number;
}

export const DEFAULT_API_URL = 'https://api.github.com';

const spacings = new Map<number, { write: Bottleneck.Group; notifications: Bottleneck.Group }>();

/**
 * Write limiters with another spacing than plugin-throttling's own (which are 1 s and 3 s), one pair per
 * spacing per process, so every client of the process paces its writes together, as the plugin's do.
 */
function spacedWrites(ms: number) {
  let groups = spacings.get(ms);
  if (!groups) {
    const limiter = (minTime: number) =>
      new Bottleneck.Group({ maxConcurrent: 1, minTime, timeout: 120_000 });
    groups = { write: limiter(ms), notifications: limiter(3 * ms) };
    spacings.set(ms, groups);
  }
  return groups;
}

/**
 * An Octokit with GitHub's recommended pacing (plugin-throttling: writes spaced out, primary and
 * secondary rate limits waited out per `retry-after`, up to twice) and retries of 5xx answers
 * (plugin-retry, three times).
 */
function octokit(options: GitHubClientOptions, auth: Record<string, unknown>): GitHubClient {
  const maxWait = options.maxWaitSeconds ?? 120;
  const wait = (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
    retryCount < 2 && retryAfter <= maxWait;
  return new GitHubOctokit({
    ...auth,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent,
    throttle: {
      onRateLimit: wait,
      onSecondaryRateLimit: wait,
      ...(options.writeSpacingMs === undefined ? {} : spacedWrites(options.writeSpacingMs)),
    },
    retry: { retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    // Octokit's default logger prints request failures to the console; errors are reported by the job.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/**
 * The client for `repo`. An App first finds its installation on the repository (with its JWT), then
 * works with an installation token that auth-app refreshes before it expires.
 */
export async function githubClient(options: GitHubClientOptions, repo: string): Promise<GitHubClient> {
  const a = options.auth;
  if (a.kind === 'token') return octokit(options, { auth: a.token });
  let installationId = a.installationId;
  if (installationId === undefined) {
    const app = octokit(options, {
      authStrategy: createAppAuth,
      auth: { appId: a.appId, privateKey: a.privateKey },
    });
    const [owner, name] = repo.split('/') as [string, string];
    try {
      installationId = (await app.rest.apps.getRepoInstallation({ owner, repo: name })).data.id;
    } catch (err) {
      throw githubError(err, `find the GitHub App's installation on ${repo}`, 'the App installed on it');
    }
  }
  return octokit(options, {
    authStrategy: createAppAuth,
    auth: { appId: a.appId, privateKey: a.privateKey, installationId },
  });
}

/** The token a git process uses: the token itself, or the App installation's current token. */
export async function gitToken(client: GitHubClient, auth: GitHubAuth): Promise<string> {
  if (auth.kind === 'token') return auth.token;
  const t = (await client.auth({ type: 'installation' })) as { token?: string };
  if (!t.token) throw new AutofixError('github-app-token', 'the GitHub App gave no installation token');
  return t.token;
}
