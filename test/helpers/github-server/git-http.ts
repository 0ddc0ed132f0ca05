import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GIT_ENV, listRefs } from './git.js';
import { syncPullHead } from './pull-heads.js';
import { ZERO_SHA, type GitHubState, type RepoState, type TokenState } from './state.js';

/**
 * Git smart HTTP at `/git/<owner>/<repo>.git/...`, served by the real `git http-backend` run as a CGI
 * program, behind GitHub's rules for installation tokens: HTTP Basic `x-access-token:<token>` (what
 * actions/checkout sends through `http.extraHeader`), 401 with `WWW-Authenticate: Basic` without it,
 * pushes only with write access, except that a token with write access to a base repository may push to
 * the head branch of a fork's pull request that allows maintainer edits. Branch protection against force
 * pushes comes from `receive.denyNonFastForwards` in the bare repositories.
 */

export interface GitRequestResult {
  status: number;
  login?: string;
}

export async function serveGit(
  state: GitHubState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<GitRequestResult> {
  const m = /^\/git\/([^/]+)\/([^/]+?)\.git(\/.*)$/.exec(url.pathname);
  const repo = m ? state.repo(`${m[1]}/${m[2]}`) : undefined;
  if (!m || !repo) return plain(res, 404, 'Repository not found.\n');
  const token = basicToken(state, req.headers.authorization);
  if (!token) {
    res.setHeader('www-authenticate', 'Basic realm="GitHub"');
    return plain(res, 401, 'Invalid username or token. Password authentication is not supported.\n');
  }
  const login = token.login;
  if (state.access(token, repo.fullName) === 'none') return plain(res, 404, 'Repository not found.\n', login);
  const pathInfo = m[3]!;
  const pushing = pathInfo === '/git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
  if (pushing) {
    const refs = pathInfo === '/git-receive-pack' ? pushedRefs(req, body).map((c) => c.ref) : undefined;
    if (!mayPush(state, token, repo, refs))
      return plain(res, 403, `Permission to ${repo.fullName}.git denied to ${login}.\n`, login);
  }
  const commands = pathInfo === '/git-receive-pack' ? pushedRefs(req, body) : undefined;
  const cgi = await runBackend(repo, req, url, pathInfo, body, login);
  // State follows the push before git hears it succeeded: a test that awaits the push sees the new head.
  if (commands) await afterPush(state, repo, commands, login);
  res.writeHead(cgi.status, cgi.headers);
  res.end(cgi.body);
  return { status: cgi.status, login };
}

function plain(res: ServerResponse, status: number, text: string, login?: string): GitRequestResult {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
  return { status, ...(login ? { login } : {}) };
}

function basicToken(state: GitHubState, header: string | undefined): TokenState | undefined {
  const m = /^basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // GitHub ignores the user name of a token (actions/checkout sends x-access-token).
  return colon < 0 ? undefined : state.token(decoded.slice(colon + 1));
}

/** The refs a receive-pack request updates: its pkt-line commands `<old> <new> <ref>` before the flush. */
/** The ref updates a receive-pack request asks for: `old new ref` each. */
function pushedRefs(req: IncomingMessage, body: Buffer): RefUpdate[] {
  const data = /gzip/i.test(String(req.headers['content-encoding'] ?? '')) ? gunzipSync(body) : body;
  const refs: RefUpdate[] = [];
  let at = 0;
  while (at + 4 <= data.length) {
    const len = parseInt(data.subarray(at, at + 4).toString('latin1'), 16);
    if (!len) break;
    const line = data
      .subarray(at + 4, at + len)
      .toString('utf8')
      .split('\0')[0]!
      .trim();
    const [old, now, ref] = line.split(' ');
    if (old && now && ref) refs.push({ old, now, ref });
    at += len;
  }
  return refs;
}

/**
 * Write access, or (for each ref pushed) the head branch of an open pull request from this repository
 * into a base repository the token may write to, with maintainer edits allowed. `refs` is undefined
 * for the ref advertisement, which is allowed when some ref could be pushed.
 */
function mayPush(
  state: GitHubState,
  token: TokenState,
  repo: RepoState,
  refs: string[] | undefined,
): boolean {
  if (token.contents === 'read') return false;
  if (state.access(token, repo.fullName) === 'write') return true;
  const editable = state.pulls
    .filter(
      (p) =>
        p.state === 'open' &&
        p.maintainerCanModify &&
        p.head.repo.toLowerCase() === repo.fullName.toLowerCase() &&
        state.access(token, p.repo) === 'write',
    )
    .map((p) => `refs/heads/${p.head.ref}`);
  if (!refs) return editable.length > 0;
  return refs.length > 0 && refs.every((r) => editable.includes(r));
}

/** Runs `git http-backend` as a CGI program and parses its answer (headers, `Status:`, body). */
function runBackend(
  repo: RepoState,
  req: IncomingMessage,
  url: URL,
  pathInfo: string,
  body: Buffer,
  login: string,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const root = dirname(dirname(repo.gitDir));
  const env: Record<string, string> = {
    ...(GIT_ENV as Record<string, string>),
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${repo.owner}/${repo.name}.git${pathInfo}`,
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: String(req.headers['content-type'] ?? ''),
    CONTENT_LENGTH: String(body.length),
    REMOTE_USER: login,
    REMOTE_ADDR: '127.0.0.1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
  };
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const all = Buffer.concat(out);
      const crlf = all.indexOf('\r\n\r\n');
      const split = crlf >= 0 ? crlf : all.indexOf('\n\n');
      if (split < 0) {
        resolve({
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: Buffer.from(`git http-backend failed: ${err}`),
        });
        return;
      }
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of all.subarray(0, split).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'status') status = parseInt(value, 10);
        else headers[name] = value;
      }
      resolve({ status, headers, body: all.subarray(split + (crlf >= 0 ? 4 : 2)) });
    });
    // The backend may answer and exit before reading the whole request (EPIPE): its answer still counts.
    child.stdin.on('error', () => {});
    child.stdin.end(body);
  });
}

interface RefUpdate {
  old: string;
  now: string;
  ref: string;
}

/**
 * Records the ref moves this push made (those of its commands that the repository now shows: a
 * rejected one, or one that another push overtook, is not this push's) and lets pull requests follow
 * their branches. Concurrent pushes to other branches of the repository are theirs to record.
 */
async function afterPush(
  state: GitHubState,
  repo: RepoState,
  commands: RefUpdate[],
  login: string,
): Promise<void> {
  const after = await listRefs(repo.gitDir);
  for (const c of commands) {
    if (!c.ref.startsWith('refs/heads/') && !c.ref.startsWith('refs/tags/')) continue;
    const now = after.get(c.ref) ?? ZERO_SHA;
    if (c.old === c.now || now !== c.now) continue;
    state.pushes.push({ repo: repo.fullName, ref: c.ref, before: c.old, after: now, user: login });
    for (const pull of state.pulls)
      if (
        pull.head.repo.toLowerCase() === repo.fullName.toLowerCase() &&
        `refs/heads/${pull.head.ref}` === c.ref &&
        now !== ZERO_SHA
      )
        await syncPullHead(state, pull);
  }
}
