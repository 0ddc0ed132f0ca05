/** What every page needs besides its data. */
export interface PageContext {
  /** GitHub's web address (github-links.ts), for links to pull requests, comments and commits. */
  web: string;
  /** False in `stats --html`'s file: there is no server to show a job's page. */
  linkJobs: boolean;
  /** The window, in days, the figures cover. */
  days: number;
}

/** A job's page in the dashboard. */
export function jobPath(id: string): string {
  return `/dashboard/jobs/${encodeURIComponent(id)}`;
}

/** The jobs list, filtered, from a keyset cursor. */
export function jobsPath(filter: { repository?: string; outcome?: string; cursor?: string }): string {
  const query = new URLSearchParams(
    Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  ).toString();
  return `/dashboard/jobs${query ? `?${query}` : ''}`;
}
