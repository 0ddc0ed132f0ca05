import { AutofixError } from '../../domain/index.js';

/** What Octokit throws (`RequestError`), as far as this adapter reads it. */
interface VendorError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function githubMessage(err: VendorError): string {
  const data = err.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : (err.message ?? 'no message');
}

/**
 * A GitHub error as a domain error (docs/architecture.md: vendor errors never leave forge/github/).
 * `what` names the operation ("read the pull request"); `permission` the token permission it needs
 * ("pull-requests: read"), so a 403 says what to grant.
 */
export function githubError(err: unknown, what: string, permission: string): AutofixError {
  const e = err as VendorError;
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const said = githubMessage(e);
  if (status === 401)
    return new AutofixError(
      'github-unauthorized',
      `GitHub rejected the token while trying to ${what} (401: ${said}). Set GITHUB_TOKEN to a valid token (or the GitHub App settings).`,
    );
  if (status === 403 && /rate limit/i.test(said))
    return new AutofixError(
      'github-rate-limited',
      `GitHub's rate limit stopped ci-autofix while trying to ${what} (${said}); it retries on its own, so try again later.`,
      'external',
    );
  if (status === 403)
    return new AutofixError(
      'github-forbidden',
      `the token may not ${what} (403: ${said}). Give it the "${permission}" permission (workflow \`permissions:\`, the App's permissions, or a PAT's scopes).`,
    );
  if (status === 404)
    return new AutofixError(
      'github-not-found',
      `GitHub found nothing while trying to ${what} (404). Check the repository and number, and that the token can see the repository ("${permission}").`,
    );
  if (status === 409 || status === 422)
    return new AutofixError('github-rejected', `GitHub refused to ${what} (${status}: ${said}).`);
  if (status !== undefined && status >= 500)
    return new AutofixError(
      'github-unavailable',
      `GitHub failed while ci-autofix tried to ${what} (${status}, after retries); try again later.`,
      'external',
    );
  return new AutofixError(
    'github-failed',
    `could not ${what} on GitHub (${status ?? 'no response'}: ${said}).`,
    'external',
  );
}

export const statusOf = (err: unknown): number | undefined => {
  const s = (err as VendorError)?.status;
  return typeof s === 'number' ? s : undefined;
};
