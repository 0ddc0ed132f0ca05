import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliAsync } from './helpers/cli.js';
import { exampleRepo, toolsPath } from './helpers/example-repo.js';
import { type AddedApp, type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';
import { examplePullRequest, gitArgvRecorder, lintSlip } from './helpers/pr-fixture.js';

/**
 * GitHub App authentication against the double: the App's JWT finds its installation and gets
 * installation tokens (Octokit with @octokit/auth-app, as `githubClient` uses it), bad JWTs and JWTs
 * on ordinary endpoints are refused, and `ci-autofix pr` works end to end with GITHUB_APP_ID and
 * GITHUB_PRIVATE_KEY (or GITHUB_PRIVATE_KEY_FILE) alone, never showing the key or a token.
 */

let server: GitHubServer;

useGitHubServer((s) => (server = s));

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function appOctokit(app: { appId: number | string; privateKey: string; installationId?: number }) {
  return new Octokit({
    baseUrl: server.apiUrl,
    authStrategy: createAppAuth,
    auth: app,
    log: quiet,
    request: { retries: 0 },
  });
}

/** A JWT as GitHub wants it, with claims the test may spoil. */
function jwt(privateKey: string, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  const signature = createSign('sha256').update(body).sign(privateKey).toString('base64url');
  return `${body}.${signature}`;
}

async function status(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
    return { status: 200, message: '' };
  } catch (e) {
    const err = e as { status: number; response?: { data?: { message?: string } } };
    return { status: err.status, message: err.response?.data?.message ?? '' };
  }
}

describe('GitHub App authentication (Octokit + @octokit/auth-app)', () => {
  let app: AddedApp;
  const bare = () => new Octokit({ baseUrl: server.apiUrl, log: quiet, request: { retries: 0 } });

  beforeAll(async () => {
    const dir = exampleRepo('python-service');
    await server.addRepo({ fullName: 'acme/api', from: dir, defaultBranch: 'main' });
    await server.addRepo({ fullName: 'acme/other', from: dir, defaultBranch: 'main' });
    server.addPullRequest({
      repo: 'acme/api',
      head: { repo: 'acme/api', ref: 'main' },
      base: { ref: 'main' },
    });
    app = server.addApp({ slug: 'fixer', repos: ['acme/api'] });
  });

  it('finds the installation with the JWT and works with an installation token', async () => {
    expect(app.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const asApp = appOctokit({ appId: String(app.appId), privateKey: app.privateKey });
    const { data: me } = await asApp.rest.apps.getAuthenticated();
    expect(me).toMatchObject({ id: app.appId, slug: 'fixer' });
    const { data: inst } = await asApp.rest.apps.getRepoInstallation({ owner: 'acme', repo: 'api' });
    expect(inst).toMatchObject({ id: app.installationId, app_id: app.appId, app_slug: 'fixer' });
    expect(inst.account).toMatchObject({ login: 'acme' });
    // Installed on acme/api only.
    expect((await status(asApp.rest.apps.getRepoInstallation({ owner: 'acme', repo: 'other' }))).status).toBe(
      404,
    );

    const before = server.appTokens.length;
    const asInstallation = appOctokit({ ...app, installationId: inst.id });
    const { data: repo } = await asInstallation.rest.repos.get({ owner: 'acme', repo: 'api' });
    expect(repo.full_name).toBe('acme/api');
    await asInstallation.rest.issues.createComment({
      owner: 'acme',
      repo: 'api',
      issue_number: 1,
      body: 'hi',
    });
    expect(server.requests.at(-1)).toMatchObject({ auth: 'fixer[bot]', status: 201 });
    expect(server.appTokens.length).toBe(before + 1);
    const issued = server.appTokens.at(-1)!;
    expect(issued.installationId).toBe(inst.id);
    expect(issued.expiresAt - issued.issuedAt).toBe(3_600_000);
    // The token is cached; a refresh issues a new one and the old stays valid until it expires.
    const t1 = (await asInstallation.auth({ type: 'installation' })) as { token: string; expiresAt: string };
    expect(t1.token).toBe(issued.token);
    expect(Date.parse(t1.expiresAt)).toBeGreaterThan(issued.issuedAt + 59 * 60_000);
    const t2 = (await asInstallation.auth({ type: 'installation', refresh: true })) as { token: string };
    expect(t2.token).not.toBe(t1.token);
    expect(server.appTokens.length).toBe(before + 2);
    const withOld = new Octokit({ baseUrl: server.apiUrl, auth: t1.token, log: quiet });
    expect((await withOld.rest.repos.get({ owner: 'acme', repo: 'api' })).status).toBe(200);
    // The token sees the installation's repositories only; an expired one is refused.
    expect((await status(withOld.rest.repos.get({ owner: 'acme', repo: 'other' }))).status).toBe(404);
    server.state.tokens.get(t1.token)!.expiresAt = Date.now() - 1;
    expect(await status(withOld.rest.repos.get({ owner: 'acme', repo: 'api' }))).toMatchObject({
      status: 401,
      message: 'Bad credentials',
    });
  });

  it('a token narrowed to contents: read cannot write refs; unknown repositories are refused', async () => {
    const key = jwt(app.privateKey, {
      iat: Math.floor(Date.now() / 1000) - 30,
      exp: Math.floor(Date.now() / 1000) + 540,
      iss: app.appId,
    });
    const { data } = await bare().rest.apps.createInstallationAccessToken({
      installation_id: app.installationId,
      repositories: ['api'],
      permissions: { contents: 'read', issues: 'write' },
      headers: { authorization: `Bearer ${key}` },
    });
    expect(data.permissions).toEqual({ contents: 'read', issues: 'write', metadata: 'read' });
    expect(data.repositories?.map((r) => r.full_name)).toEqual(['acme/api']);
    const narrow = new Octokit({ baseUrl: server.apiUrl, auth: data.token, log: quiet });
    const main = server.headSha('acme/api', 'main');
    expect(
      (
        await status(
          narrow.rest.git.createRef({ owner: 'acme', repo: 'api', ref: 'refs/heads/x', sha: main }),
        )
      ).status,
    ).toBe(403);
    const refused = await status(
      bare().rest.apps.createInstallationAccessToken({
        installation_id: app.installationId,
        repositories: ['other'],
        headers: { authorization: `Bearer ${key}` },
      }),
    );
    expect(refused.status).toBe(422);
  });

  it('refuses a bad JWT (401), and a JWT on an ordinary endpoint (403)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = server.addApp({ slug: 'stranger', repos: ['acme/other'], keyFormat: 'pkcs8' });
    expect(other.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const cases: Array<[string, string]> = [
      // Signed with another App's key.
      [jwt(other.privateKey, { iat: now - 30, exp: now + 540, iss: app.appId }), 'could not be decoded'],
      ['eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln', 'could not be decoded'],
      [jwt(app.privateKey, { iat: now - 900, exp: now - 300, iss: app.appId }), "'Expiration time'"],
      [jwt(app.privateKey, { iat: now, exp: now + 3600, iss: app.appId }), 'too far in the future'],
      [jwt(app.privateKey, { iat: now + 600, exp: now + 900, iss: app.appId }), "'Issued at'"],
      [jwt(app.privateKey, { iat: now - 30, exp: now + 540, iss: 'fixer' }), "'Issuer'"],
    ];
    for (const [token, message] of cases) {
      const r = await status(
        bare().rest.apps.getRepoInstallation({
          owner: 'acme',
          repo: 'api',
          headers: { authorization: `Bearer ${token}` },
        }),
      );
      expect(r.status, message).toBe(401);
      expect(r.message).toContain(message);
    }
    // 60 s of clock skew is tolerated.
    const skewed = jwt(app.privateKey, { iat: now + 45, exp: now + 600, iss: String(app.appId) });
    const ok = await status(
      bare().rest.apps.getAuthenticated({ headers: { authorization: `Bearer ${skewed}` } }),
    );
    expect(ok.status).toBe(200);
    // An installation token is no JWT for App endpoints; a JWT is no token elsewhere.
    const token = server.createToken();
    const r = await status(
      bare().rest.apps.getRepoInstallation({
        owner: 'acme',
        repo: 'api',
        headers: { authorization: `token ${token}` },
      }),
    );
    expect(r).toMatchObject({ status: 401, message: 'A JSON web token could not be decoded' });
    const good = jwt(app.privateKey, { iat: now - 30, exp: now + 540, iss: app.appId });
    const misuse = await status(
      bare().rest.repos.get({ owner: 'acme', repo: 'api', headers: { authorization: `Bearer ${good}` } }),
    );
    expect(misuse.status).toBe(403);
    expect(misuse.message).toContain('JSON web token');
    expect(server.requests.at(-1)).toMatchObject({ auth: 'jwt:fixer', status: 403 });
    // Another App's installation is not this App's to mint tokens for.
    const foreign = await status(
      bare().rest.apps.createInstallationAccessToken({
        installation_id: other.installationId,
        headers: { authorization: `Bearer ${good}` },
      }),
    );
    expect(foreign.status).toBe(404);
  });
});

// The two runs are independent (own repositories, Apps and installations): side by side, each with
// its own `expect`.
describe.concurrent('ci-autofix pr as a GitHub App', () => {
  const state = mkdtempSync(join(tmpdir(), 'ci-autofix-app-state-'));

  function pr(target: string, env: Record<string, string>) {
    return cliAsync(['pr', target, '--format', 'json'], {
      GITHUB_TOKEN: '',
      ...server.clientEnv,
      PATH: toolsPath,
      CI_AUTOFIX_STATE_DIR: state,
      CI_AUTOFIX_GITHUB_RETRY_MS: '20',
      CI_AUTOFIX_PINNED_TOOLS: '0',
      AUTO_APPROVE: 'true',
      ...env,
    });
  }

  /** The key, and its base64 lines (a reformatted key would not contain the PEM verbatim). */
  function secrets(app: AddedApp, tokens: string[]): string[] {
    const lines = app.privateKey.split('\n').filter((l) => l.length > 40);
    return [
      app.privateKey,
      ...lines,
      ...tokens,
      ...tokens.map((t) => Buffer.from(`x-access-token:${t}`).toString('base64')),
    ];
  }

  it('GITHUB_APP_ID + GITHUB_PRIVATE_KEY: pushes the fix and comments as <slug>[bot]; no key or token shows', async ({
    expect,
  }) => {
    const p = await examplePullRequest(server, 'python-service', 'octo/app-env', lintSlip, toolsPath);
    const app = server.addApp({ slug: 'autofixer', repos: ['octo/app-env'] });
    const shim = gitArgvRecorder();
    const r = await pr('octo/app-env#1', {
      GITHUB_APP_ID: String(app.appId),
      GITHUB_PRIVATE_KEY: app.privateKey,
      PATH: `${shim.bin}:${toolsPath}`,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { outcome: string; published: { mode: string; commits: string[] } };
    expect(out.outcome).toBe('fixed');
    expect(out.published.mode).toBe('push');
    const pushes = server.pushes.filter((x) => x.repo === 'octo/app-env' && x.ref === 'refs/heads/feature');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({
      before: p.headSha,
      after: out.published.commits.at(-1),
      user: 'autofixer[bot]',
    });
    const comments = server.comments('octo/app-env', 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.user).toBe('autofixer[bot]');
    // The installation was looked up with the JWT, then one token served REST and git.
    const tokens = server.appTokens.filter((t) => t.installationId === app.installationId);
    expect(tokens).toHaveLength(1);
    const lookups = server.requests.filter((q) => q.path === '/repos/octo/app-env/installation');
    expect(lookups).toEqual([expect.objectContaining({ auth: 'jwt:autofixer', status: 200 })]);
    const argv = readFileSync(shim.log, 'utf8');
    expect(argv).toContain('push');
    for (const secret of secrets(
      app,
      tokens.map((t) => t.token),
    ))
      for (const text of [argv, r.stdout, r.stderr, comments[0]!.body]) expect(text).not.toContain(secret);
  });

  it('GITHUB_PRIVATE_KEY_FILE and GITHUB_INSTALLATION_ID work too', async ({ expect }) => {
    await examplePullRequest(server, 'python-service', 'octo/app-file', lintSlip, toolsPath);
    const app = server.addApp({ slug: 'filebot', repos: ['octo/app-file'], keyFormat: 'pkcs8' });
    const keyFile = join(mkdtempSync(join(tmpdir(), 'ci-autofix-app-key-')), 'key.pem');
    writeFileSync(keyFile, app.privateKey, { mode: 0o600 });
    const shim = gitArgvRecorder();
    const r = await pr('octo/app-file#1', {
      GITHUB_APP_ID: String(app.appId),
      GITHUB_PRIVATE_KEY_FILE: keyFile,
      GITHUB_INSTALLATION_ID: String(app.installationId),
      PATH: `${shim.bin}:${toolsPath}`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(server.pushes.filter((x) => x.repo === 'octo/app-file')).toHaveLength(1);
    expect(server.comments('octo/app-file', 1)[0]!.user).toBe('filebot[bot]');
    // The installation id was given: no lookup.
    expect(server.requests.filter((q) => q.path === '/repos/octo/app-file/installation')).toEqual([]);
    const tokens = server.appTokens.filter((t) => t.installationId === app.installationId);
    expect(tokens).toHaveLength(1);
    const argv = readFileSync(shim.log, 'utf8');
    for (const secret of secrets(
      app,
      tokens.map((t) => t.token),
    ))
      for (const text of [argv, r.stdout, r.stderr, server.comments('octo/app-file', 1)[0]!.body])
        expect(text).not.toContain(secret);
  });
});
