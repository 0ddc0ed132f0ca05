import { specExample } from './openapi-checker.js';
import { repositoryJson, userJson } from './render.js';
import { error, notFound, type Reply, type ServerContext } from './rest.js';
import type { AppState, InstallationState, RepoState } from './state.js';

/**
 * The App endpoints, authenticated by the App's JWT (app-auth.ts): the App itself, its installation on
 * a repository, and installation tokens, which are ordinary tokens of the double (`<slug>[bot]`, write
 * on the installation's repositories only, one hour).
 */

export interface AppCall {
  ctx: ServerContext;
  params: Record<string, string>;
  body: Record<string, unknown>;
  app: AppState;
}

export type AppHandler = (call: AppCall) => Reply;

/** What every App of the double may do (the installation grants the same). */
export const APP_PERMISSIONS: Record<string, 'read' | 'write'> = {
  actions: 'read',
  checks: 'write',
  contents: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
};
const APP_EVENTS = ['check_run', 'pull_request', 'workflow_run'];
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function integrationJson(ctx: ServerContext, app: AppState): Record<string, unknown> {
  const example = specExample('integration');
  return {
    ...example,
    id: app.id,
    slug: app.slug,
    client_id: app.clientId,
    node_id: Buffer.from(`0:Integration${app.id}`).toString('base64'),
    owner: userJson(ctx, app.owner),
    name: app.slug,
    description: '',
    external_url: `${ctx.webUrl}/apps/${app.slug}`,
    html_url: `${ctx.webUrl}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: { ...APP_PERMISSIONS },
    events: [...APP_EVENTS],
  };
}

function installationJson(
  ctx: ServerContext,
  app: AppState,
  inst: InstallationState,
): Record<string, unknown> {
  const example = specExample('installation');
  const account = userJson(ctx, inst.account);
  return {
    ...example,
    id: inst.id,
    account,
    repository_selection: 'selected',
    access_tokens_url: `${ctx.apiUrl}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${ctx.apiUrl}/installation/repositories`,
    html_url: `${ctx.webUrl}/settings/installations/${inst.id}`,
    app_id: app.id,
    client_id: app.clientId,
    app_slug: app.slug,
    target_id: account.id,
    target_type: account.type === 'Organization' ? 'Organization' : 'User',
    permissions: { ...APP_PERMISSIONS },
    events: [...APP_EVENTS],
    created_at: inst.createdAt,
    updated_at: inst.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_at: null,
    suspended_by: null,
  };
}

function installationOf(call: AppCall): InstallationState | undefined {
  const id = Number(call.params.installation_id);
  return call.ctx.state.installations.find((i) => i.id === id && i.appId === call.app.id);
}

function installed(inst: InstallationState, fullName: string): boolean {
  return inst.repos.some((r) => r.toLowerCase() === fullName.toLowerCase());
}

function createAccessToken(call: AppCall): Reply {
  const { state } = call.ctx;
  const inst = installationOf(call);
  if (!inst) return notFound();
  const notAccessible = () =>
    error(
      422,
      'There is at least one repository that does not exist or is not accessible to the parent installation.',
    );
  // The request may narrow the token to some of the installation's repositories and permissions.
  let repos = inst.repos;
  let narrowed = false;
  const names = call.body.repositories;
  if (Array.isArray(names)) {
    narrowed = true;
    repos = [];
    for (const name of names) {
      const full = inst.repos.find((r) => r.split('/')[1]!.toLowerCase() === String(name).toLowerCase());
      if (!full) return notAccessible();
      repos.push(full);
    }
  }
  const ids = call.body.repository_ids;
  if (Array.isArray(ids)) {
    narrowed = true;
    const byId: string[] = [];
    for (const id of ids) {
      const repo = [...state.repos.values()].find((r) => r.id === id);
      if (!repo || !installed(inst, repo.fullName)) return notAccessible();
      byId.push(repo.fullName);
    }
    repos = Array.isArray(names) ? [...new Set([...repos, ...byId])] : byId;
  }
  const permissions = { ...APP_PERMISSIONS };
  const asked = call.body.permissions;
  if (asked && typeof asked === 'object') {
    for (const [name, level] of Object.entries(asked as Record<string, unknown>)) {
      const granted = APP_PERMISSIONS[name];
      if (!granted || (level === 'write' && granted === 'read'))
        return error(422, 'The permissions requested are not granted to this installation.');
      permissions[name] = level as 'read' | 'write';
    }
    for (const name of Object.keys(permissions))
      if (!(name in (asked as Record<string, unknown>)) && name !== 'metadata') delete permissions[name];
  }
  const now = Date.now();
  const expiresAt = now + TOKEN_LIFETIME_MS;
  const token = state.issueToken({
    login: `${call.app.slug}[bot]`,
    repos: Object.fromEntries(repos.map((r) => [r, 'write' as const])),
    // The double's tokens model one narrower permission: contents read (no pushes, no ref writes).
    ...(permissions.contents === 'read' ? { contents: 'read' as const } : {}),
    expiresAt,
  });
  state.appTokens.push({ installationId: inst.id, token, issuedAt: now, expiresAt });
  const existing = repos.map((r) => state.repo(r)).filter((r): r is RepoState => !!r);
  return {
    status: 201,
    json: {
      token,
      expires_at: iso(expiresAt),
      permissions,
      repository_selection: 'selected',
      ...(narrowed ? { repositories: existing.map((r) => repositoryJson(call.ctx, r)) } : {}),
    },
  };
}

export const appRoutes: Record<string, AppHandler> = {
  'GET /app': (call) => ({ status: 200, json: integrationJson(call.ctx, call.app) }),
  'GET /app/installations/{installation_id}': (call) => {
    const inst = installationOf(call);
    return inst ? { status: 200, json: installationJson(call.ctx, call.app, inst) } : notFound();
  },
  'GET /repos/{owner}/{repo}/installation': (call) => {
    const repo = call.ctx.state.repo(`${call.params.owner}/${call.params.repo}`);
    const inst =
      repo &&
      call.ctx.state.installations.find((i) => i.appId === call.app.id && installed(i, repo.fullName));
    return inst ? { status: 200, json: installationJson(call.ctx, call.app, inst) } : notFound();
  },
  'POST /app/installations/{installation_id}/access_tokens': createAccessToken,
};
