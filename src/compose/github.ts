import { githubAuth, githubWriteSpacingMs, setting } from '../config/index.js';
import { DEFAULT_API_URL, githubClient, type GitHubAuth } from '../forge/github/github-client.js';
import { GitHubForge } from '../forge/github/github-forge.js';
import { packageVersion } from './version.js';

const userAgent = () => `ci-autofix/${packageVersion()}`;

/** A GitHub client and forge for `repo`, from the settings in `env` (a token or an App). */
export async function forgeFor(repo: string, env: NodeJS.ProcessEnv): Promise<GitHubForge> {
  const auth = githubAuth(env);
  const client = await githubClient(
    {
      apiUrl: setting(env, 'GITHUB_API_URL') ?? DEFAULT_API_URL,
      auth,
      userAgent: userAgent(),
      retryBaseMs: Number(setting(env, 'CI_AUTOFIX_GITHUB_RETRY_MS') ?? 1000),
      writeSpacingMs: githubWriteSpacingMs(env),
    },
    repo,
  );
  return new GitHubForge(client, auth);
}

/** The webhook to notify, from AUTOFIX_WEBHOOK_URL and AUTOFIX_WEBHOOK_SECRET. */
export function webhookOf(env: NodeJS.ProcessEnv): { url: string; secret?: string } | undefined {
  const url = setting(env, 'AUTOFIX_WEBHOOK_URL');
  const secret = setting(env, 'AUTOFIX_WEBHOOK_SECRET');
  return url ? { url, ...(secret ? { secret } : {}) } : undefined;
}

/**
 * The service's GitHub clients, per repository and installation, made once (an App's installation token
 * is refreshed).
 */
export function forgesFor(github: {
  auth: GitHubAuth;
  apiUrl?: string;
  writeSpacingMs: number;
}): (repo: string, installationId?: number) => Promise<GitHubForge> {
  const made = new Map<string, Promise<GitHubForge>>();
  return (repo, installationId) => {
    const auth: GitHubAuth =
      github.auth.kind === 'app' && installationId ? { ...github.auth, installationId } : github.auth;
    const key = auth.kind === 'token' ? 'token' : `app:${auth.installationId ?? repo}`;
    let forge = made.get(key);
    if (!forge) {
      forge = githubClient(
        {
          apiUrl: github.apiUrl ?? DEFAULT_API_URL,
          auth,
          writeSpacingMs: github.writeSpacingMs,
          userAgent: userAgent(),
        },
        repo,
      ).then((client) => new GitHubForge(client, auth));
      // A failure (an App not installed there) is not remembered: the next job asks again.
      forge.catch(() => made.delete(key));
      made.set(key, forge);
    }
    return forge;
  };
}
