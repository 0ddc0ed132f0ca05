import { git, gitBytes, revParse } from './git.js';
import { syncPullHead } from './pull-heads.js';
import { fullRepositoryJson, gitRefJson, userJson } from './render.js';
import { specExample } from './openapi-checker.js';
import { error, notFound, str, type Call, type Handler, type Reply } from './rest.js';
import { ZERO_SHA } from './state.js';

/** The repository, its files (contents API), commits, refs, and collaborators' permissions. */

async function getContents(call: Call): Promise<Reply> {
  const { gitDir, fullName, defaultBranch } = call.repo;
  const ref = call.query.get('ref') ?? defaultBranch;
  const path = (call.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const commit = await revParse(gitDir, ref);
  if (!commit) return error(404, `No commit found for the ref ${ref}`);
  const spec = `${commit}:${path}`;
  let type: string;
  try {
    type = (await git(gitDir, ['cat-file', '-t', spec])).trim();
  } catch {
    return notFound();
  }
  const api = `${call.ctx.apiUrl}/repos/${fullName}`;
  const entry = (name: string, p: string, sha: string, kind: string, size: number) => {
    const self = `${api}/contents/${p}?ref=${encodeURIComponent(ref)}`;
    const html = `${call.ctx.webUrl}/${fullName}/${kind === 'dir' ? 'tree' : 'blob'}/${ref}/${p}`;
    const gitUrl = `${api}/git/${kind === 'dir' ? 'trees' : 'blobs'}/${sha}`;
    return {
      type: kind,
      size,
      name,
      path: p,
      sha,
      url: self,
      git_url: gitUrl,
      html_url: html,
      download_url: kind === 'file' ? `${call.ctx.webUrl}/${fullName}/raw/${ref}/${p}` : null,
      _links: { self, git: gitUrl, html },
    };
  };
  if (type === 'tree') {
    const listing = await git(gitDir, ['ls-tree', '-l', '-z', spec]);
    const items = listing
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [meta, name] = line.split('\t') as [string, string];
        const [, kind, sha, size] = meta.split(/\s+/);
        const p = path ? `${path}/${name}` : name;
        return entry(name, p, sha!, kind === 'tree' ? 'dir' : 'file', kind === 'tree' ? 0 : Number(size));
      });
    return { status: 200, json: items };
  }
  const content = await gitBytes(gitDir, ['cat-file', 'blob', spec]);
  const sha = (await git(gitDir, ['rev-parse', spec])).trim();
  const name = path.split('/').pop()!;
  return {
    status: 200,
    json: {
      ...entry(name, path, sha, 'file', content.length),
      // GitHub wraps the base64 at 60 characters.
      content: (content.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n',
      encoding: 'base64',
    },
  };
}

async function getCommit(call: Call): Promise<Reply> {
  const { gitDir, fullName } = call.repo;
  const sha = await revParse(gitDir, call.params.ref!);
  if (!sha) return error(422, `No commit found for SHA: ${call.params.ref}`);
  const [json, numstat] = await Promise.all([
    commitJson(call, sha),
    git(gitDir, ['diff-tree', '--root', '-r', '--numstat', '--no-renames', sha]),
  ]);
  const api = `${call.ctx.apiUrl}/repos/${fullName}`;
  const files = numstat
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [add, del, filename] = line.split('\t') as [string, string, string];
      const additions = Number(add) || 0;
      const deletions = Number(del) || 0;
      return {
        sha: ZERO_SHA,
        filename,
        status: 'modified',
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: `${call.ctx.webUrl}/${fullName}/blob/${sha}/${filename}`,
        raw_url: `${call.ctx.webUrl}/${fullName}/raw/${sha}/${filename}`,
        contents_url: `${api}/contents/${filename}?ref=${sha}`,
      };
    });
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  return {
    status: 200,
    json: { ...json, stats: { additions, deletions, total: additions + deletions }, files },
  };
}

/** A commit as GitHub's `commit` schema has it, read from git (without its files: lists leave them out). */
export async function commitJson(call: Call, sha: string): Promise<Record<string, unknown>> {
  const { gitDir, fullName } = call.repo;
  const meta = await git(gitDir, ['show', '-s', '--format=%T%n%P%n%an%n%ae%n%aI%n%cn%n%ce%n%cI%n%B', sha]);
  const [tree, parents, an, ae, ad, cn, ce, cd, ...message] = meta.split('\n');
  const api = `${call.ctx.apiUrl}/repos/${fullName}`;
  const { stats: _stats, files: _files, ...example } = specExample<Record<string, unknown>>('commit');
  return {
    ...example,
    url: `${api}/commits/${sha}`,
    sha,
    node_id: Buffer.from(`0:Commit${sha}`).toString('base64'),
    html_url: `${call.ctx.webUrl}/${fullName}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`,
      author: { name: an, email: ae, date: ad },
      committer: { name: cn, email: ce, date: cd },
      message: message.join('\n').trimEnd(),
      tree: { url: `${api}/git/trees/${tree}`, sha: tree },
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: null,
    committer: null,
    parents: (parents ?? '')
      .split(' ')
      .filter(Boolean)
      .map((p) => ({
        url: `${api}/commits/${p}`,
        sha: p,
        html_url: `${call.ctx.webUrl}/${fullName}/commit/${p}`,
      })),
  };
}

async function getRef(call: Call): Promise<Reply> {
  const ref = `refs/${call.params.ref}`;
  const sha = (await git(call.repo.gitDir, ['for-each-ref', '--format=%(objectname)', ref])).trim();
  if (!sha) return notFound();
  return { status: 200, json: gitRefJson(call.ctx, call.repo.fullName, ref, sha) };
}

/** Moves a ref as a push would: recorded in `pushes`, and pull requests follow their branch. */
async function moveRef(call: Call, ref: string, before: string, after: string): Promise<void> {
  await git(call.repo.gitDir, ['update-ref', ref, after, before === ZERO_SHA ? '' : before]);
  const { state } = call.ctx;
  state.pushes.push({ repo: call.repo.fullName, ref, before, after, user: call.token.login });
  for (const pull of state.pulls)
    if (pull.head.repo === call.repo.fullName && `refs/heads/${pull.head.ref}` === ref)
      await syncPullHead(state, pull);
}

async function createRef(call: Call): Promise<Reply> {
  const ref = str(call.body, 'ref') ?? '';
  const sha = str(call.body, 'sha') ?? '';
  if (!/^refs\/.+\/.+/.test(ref))
    return error(422, 'Reference name must contain at least three slash-separated components.');
  if (!(await revParse(call.repo.gitDir, sha))) return error(422, 'Object does not exist');
  const existing = (await git(call.repo.gitDir, ['for-each-ref', '--format=%(objectname)', ref])).trim();
  if (existing) return error(422, 'Reference already exists');
  await moveRef(call, ref, ZERO_SHA, sha);
  return {
    status: 201,
    json: gitRefJson(call.ctx, call.repo.fullName, ref, sha),
    headers: { location: `${call.ctx.apiUrl}/repos/${call.repo.fullName}/git/${ref}` },
  };
}

async function updateRef(call: Call): Promise<Reply> {
  const ref = `refs/${call.params.ref}`;
  const sha = str(call.body, 'sha') ?? '';
  const current = (await git(call.repo.gitDir, ['for-each-ref', '--format=%(objectname)', ref])).trim();
  if (!current) return error(422, 'Reference does not exist');
  if (!(await revParse(call.repo.gitDir, sha))) return error(422, 'Object does not exist');
  if (call.body.force !== true) {
    const base = (await git(call.repo.gitDir, ['merge-base', current, sha]).catch(() => '')).trim();
    if (base !== current) return error(422, 'Update is not a fast forward');
  }
  await moveRef(call, ref, current, sha);
  return { status: 200, json: gitRefJson(call.ctx, call.repo.fullName, ref, sha) };
}

function permission(call: Call): Reply {
  const login = call.params.username!;
  const role =
    call.ctx.state.permissions.get(`${call.repo.fullName.toLowerCase()} ${login.toLowerCase()}`) ??
    (login.toLowerCase() === call.repo.owner.toLowerCase() ? 'admin' : 'read');
  // `permission` is the legacy name (maintain → write, triage → read); role_name the real role.
  const legacy = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
  const user = userJson(call.ctx, login);
  return {
    status: 200,
    json: {
      permission: legacy,
      role_name: role,
      user: {
        ...user,
        permissions: {
          pull: role !== 'none',
          triage: ['triage', 'write', 'maintain', 'admin'].includes(role),
          push: ['write', 'maintain', 'admin'].includes(role),
          maintain: ['maintain', 'admin'].includes(role),
          admin: role === 'admin',
        },
        role_name: role,
      },
    },
  };
}

export const repoRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}': (call) => ({ status: 200, json: fullRepositoryJson(call.ctx, call.repo) }),
  'GET /repos/{owner}/{repo}/contents/{path}': getContents,
  'GET /repos/{owner}/{repo}/commits/{ref}': getCommit,
  'GET /repos/{owner}/{repo}/git/ref/{ref}': getRef,
  'POST /repos/{owner}/{repo}/git/refs': createRef,
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': updateRef,
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': permission,
};
