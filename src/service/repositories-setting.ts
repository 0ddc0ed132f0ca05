import { isRepoName } from './intents.js';

/** REPO_OWNER + REPO_NAME (both or neither) and REPOSITORIES (comma or space separated), each once. */
export function readRepositories(
  owner: string | undefined,
  name: string | undefined,
  list: string | undefined,
  problems: string[],
  quote: (value: string) => string,
): string[] {
  const repos: string[] = [];
  if ((owner === undefined) !== (name === undefined))
    problems.push(
      `REPO_OWNER and REPO_NAME go together (the repository octo-org/app is REPO_OWNER=octo-org and REPO_NAME=app): ${owner === undefined ? 'REPO_OWNER' : 'REPO_NAME'} is not set`,
    );
  else if (owner !== undefined && name !== undefined) {
    const full = `${owner.trim()}/${name.trim()}`;
    if (isRepoName(full)) repos.push(full);
    else
      problems.push(
        `REPO_OWNER and REPO_NAME must name a repository, e.g. REPO_OWNER=octo-org and REPO_NAME=app (got ${quote(full)})`,
      );
  }
  const bad: string[] = [];
  for (const entry of (list ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (isRepoName(entry)) repos.push(entry);
    else bad.push(entry);
  }
  if (bad.length)
    problems.push(
      `REPOSITORIES must list owner/name repositories separated by commas or spaces, e.g. octo-org/app,octo-org/api (not valid: ${bad.map(quote).join(', ')})`,
    );
  // GitHub's names are case-insensitive: the first spelling is kept.
  const seen = new Set<string>();
  return repos.filter((r) => !seen.has(r.toLowerCase()) && seen.add(r.toLowerCase()));
}
