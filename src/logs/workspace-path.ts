/**
 * Makes a path repository-relative: strips the runner's workspace prefix
 * (`/home/runner/work/<repo>/<repo>/`, container jobs' `/__w/<repo>/<repo>/`, macOS and Windows runners)
 * and a leading `./`; turns backslashes into slashes.
 */
const WORKSPACE_PREFIXES = [
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/Users\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/__w\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
  /^[A-Za-z]:\/a\/[^/]+\/[^/]+\//,
];

export function repoRelativePath(path: string, workspace?: string): string {
  let p = path.trim().replace(/\\/g, '/');
  if (workspace) {
    const ws = workspace.replace(/\\/g, '/').replace(/\/?$/, '/');
    if (p.startsWith(ws)) p = p.slice(ws.length);
  }
  for (const prefix of WORKSPACE_PREFIXES) {
    if (prefix.test(p)) {
      p = p.replace(prefix, '');
      break;
    }
  }
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}
