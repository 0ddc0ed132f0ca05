import { AutofixError } from '../domain/index.js';
import { outcomeDetail } from './outcome-detail.js';

/**
 * Links to GitHub's web pages for what a job did. The web address comes from the service's API address
 * (GITHUB_API_URL, checked as an http(s) URL when the service starts), never from stored text, so a link
 * can only lead to the GitHub the service works with; repository, branch and commit parts are encoded.
 */
export function githubWebUrl(apiUrl?: string): string {
  if (!apiUrl) return 'https://github.com';
  const url = URL.parse(apiUrl);
  if (!url || !['http:', 'https:'].includes(url.protocol))
    throw new AutofixError(
      'config-invalid',
      'GITHUB_API_URL must be an http(s) URL, e.g. https://github.example.com/api/v3',
    );
  if (url.hostname === 'api.github.com') return 'https://github.com';
  const path = url.pathname.replace(/\/+$/, '');
  // GitHub Enterprise Server: https://HOST/api/v3 is the API of https://HOST.
  if (/\/api\/v3$/.test(path)) return `${url.origin}${path.slice(0, -'/api/v3'.length)}`;
  // GitHub Enterprise Cloud with data residency: api.SUBDOMAIN.ghe.com is the API of SUBDOMAIN.ghe.com.
  if (url.hostname.startsWith('api.')) return `${url.protocol}//${url.host.slice(4)}${path}`;
  return `${url.origin}${path}`;
}

export interface JobLinks {
  pullRequest?: string;
  statusComment?: string;
  commits: Array<{ sha: string; url: string }>;
  branch?: { name: string; url: string };
  fixPullRequest?: string;
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/** The links a job's row and stored detail allow; none for a repository name that is not `owner/name`. */
export function jobLinks(
  web: string,
  job: { repository: string; pr: number | null },
  detail: unknown,
): JobLinks {
  if (!REPOSITORY.test(job.repository)) return { commits: [] };
  const repo = `${web}/${job.repository}`;
  const d = outcomeDetail(detail);
  const pr = job.pr !== null && Number.isSafeInteger(job.pr) ? `${repo}/pull/${job.pr}` : undefined;
  return {
    ...(pr ? { pullRequest: pr } : {}),
    ...(pr && d.comment ? { statusComment: `${pr}#issuecomment-${d.comment}` } : {}),
    commits: d.commits.map((sha) => ({ sha, url: `${repo}/commit/${path(sha)}` })),
    ...(d.branch ? { branch: { name: d.branch, url: `${repo}/tree/${path(...d.branch.split('/'))}` } } : {}),
    // Stored as GitHub answered it: linked only when it leads to this GitHub.
    ...(d.fixPullRequest?.startsWith(`${web}/`) ? { fixPullRequest: d.fixPullRequest } : {}),
  };
}

/** A pull request's page, for the lists (no stored detail needed). */
export function pullRequestUrl(web: string, repository: string, pr: number | null): string | undefined {
  return jobLinks(web, { repository, pr }, undefined).pullRequest;
}
