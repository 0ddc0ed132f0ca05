import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AutofixError } from '../domain/index.js';
import { loadServiceConfig, redactedConfig, type ServiceConfig } from './service-config.js';

const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
const KEY =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretkeymaterial\n-----END RSA PRIVATE KEY-----';
const HOOK_SECRET = 'whsec-7f3a9c1e5b';
const NOTIFY_SECRET = 'notify-secret-88aa';
const NOTIFY_URL = 'https://hooks.example.com/services/T000/B000/XXXXsecretpath';
const DB_URL = 'postgres://autofix:db-password-42@db.internal:5432/autofix';

/** The configuration error's lines (one per problem), or a failure when none was thrown. */
function problems(env: NodeJS.ProcessEnv, options?: { port?: string }): string[] {
  try {
    loadServiceConfig(env, options);
  } catch (err) {
    expect(err).toBeInstanceOf(AutofixError);
    expect((err as AutofixError).code).toBe('config-invalid');
    expect((err as AutofixError).audience).toBe('user');
    const [head, ...lines] = (err as Error).message.split('\n');
    expect(head).toBe("the service's configuration is not valid:");
    return lines;
  }
  throw new Error('no configuration error');
}

describe('loadServiceConfig', () => {
  it('a token is enough: every other setting has its default', () => {
    expect(loadServiceConfig({ GITHUB_TOKEN: TOKEN })).toEqual({
      github: { auth: { kind: 'token', token: TOKEN }, writeSpacingMs: 1000 },
      repositories: [],
      monitorIntervalSeconds: 300,
      autoApprove: false,
      dataDir: '.ci-autofix',
      workerConcurrency: 2,
      takeoverSeconds: 60,
      jobTimeoutSeconds: 3600,
      logLevel: 'info',
      port: 8080,
      modelKeys: [],
      dashboard: { mode: 'off' },
    } satisfies ServiceConfig);
  });

  it('reads every setting', () => {
    const config = loadServiceConfig({
      GITHUB_APP_ID: '123456',
      GITHUB_PRIVATE_KEY: KEY,
      GITHUB_INSTALLATION_ID: '957387',
      GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
      GITHUB_API_URL: 'https://github.example.com/api/v3',
      GITHUB_WRITE_SPACING_MS: '0',
      REPO_OWNER: 'octo-org',
      REPO_NAME: 'app',
      REPOSITORIES: ' octo-org/api, octo-org/App\nother/web.site  octo-org/api,',
      MONITOR_INTERVAL: '60',
      AUTO_APPROVE: 'true',
      AUTOFIX_WEBHOOK_URL: NOTIFY_URL,
      AUTOFIX_WEBHOOK_SECRET: NOTIFY_SECRET,
      DATABASE_URL: DB_URL,
      CI_AUTOFIX_DATA_DIR: '/var/lib/ci-autofix',
      WORKER_CONCURRENCY: '8',
      WORKER_TAKEOVER_SECONDS: '120',
      JOB_TIMEOUT_SECONDS: '7200',
      LOG_LEVEL: 'DEBUG',
      PORT: '3000',
      ANTHROPIC_API_KEY: 'sk-ant-xyz',
      OPENAI_API_KEY: '',
    });
    expect(config).toEqual({
      github: {
        auth: { kind: 'app', appId: '123456', privateKey: KEY, installationId: 957387 },
        apiUrl: 'https://github.example.com/api/v3',
        writeSpacingMs: 0,
      },
      webhookSecret: HOOK_SECRET,
      // REPO_OWNER/REPO_NAME first, then the list; each repository once, whatever its case.
      repositories: ['octo-org/app', 'octo-org/api', 'other/web.site'],
      monitorIntervalSeconds: 60,
      autoApprove: true,
      notify: { url: NOTIFY_URL, secret: NOTIFY_SECRET },
      databaseUrl: DB_URL,
      dataDir: '/var/lib/ci-autofix',
      workerConcurrency: 8,
      takeoverSeconds: 120,
      jobTimeoutSeconds: 7200,
      logLevel: 'debug',
      port: 3000,
      modelKeys: ['ANTHROPIC_API_KEY'],
      dashboard: { mode: 'off' },
    });
    expect(JSON.stringify(config)).not.toContain('sk-ant-xyz');
  });
});

describe('loadServiceConfig: where a setting comes from', () => {
  it('reads each setting from the file NAME_FILE names (Kubernetes secrets)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-config-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const config = loadServiceConfig({
      GITHUB_TOKEN_FILE: file('token', `${TOKEN}\n`),
      GITHUB_WEBHOOK_SECRET_FILE: file('hook', `${HOOK_SECRET}\n`),
      DATABASE_URL_FILE: file('db', DB_URL),
      REPOSITORIES_FILE: file('repos', 'octo-org/app\nocto-org/api\n'),
      MONITOR_INTERVAL_FILE: file('interval', '0\n'),
    });
    expect(config).toMatchObject({
      github: { auth: { kind: 'token', token: TOKEN }, writeSpacingMs: 1000 },
      webhookSecret: HOOK_SECRET,
      databaseUrl: DB_URL,
      repositories: ['octo-org/app', 'octo-org/api'],
      monitorIntervalSeconds: 0,
    });
  });

  it('--port wins over PORT', () => {
    expect(loadServiceConfig({ GITHUB_TOKEN: TOKEN, PORT: '3000' }, { port: '9090' }).port).toBe(9090);
    expect(problems({ GITHUB_TOKEN: TOKEN, PORT: '3000' }, { port: '-1' })).toEqual([
      '- --port must be a TCP port, a whole number from 0 (any free port) to 65535 (got "-1")',
    ]);
  });

  it('a _FILE that cannot be read is named once, with the file', () => {
    expect(problems({ GITHUB_TOKEN_FILE: join(tmpdir(), 'ci-autofix-no-such-dir', 'token') })).toEqual([
      expect.stringMatching(/^- GITHUB_TOKEN_FILE: cannot read \S+ci-autofix-no-such-dir\/token \(ENOENT/),
    ]);
  });

  it('every _FILE that cannot be read is named, the token’s too when the App’s cannot be read', () => {
    const names = ['GITHUB_TOKEN', 'GITHUB_APP_ID', 'REPOSITORIES'];
    const env = Object.fromEntries(
      names.map((n) => [`${n}_FILE`, join(tmpdir(), 'ci-autofix-no-such-dir', n)]),
    );
    const lines = problems(env);
    expect(lines).toHaveLength(3);
    for (const name of names)
      expect(lines).toContainEqual(expect.stringMatching(`^- ${name}_FILE: cannot read `));
  });
});

describe('loadServiceConfig: problems', () => {
  it('every problem is listed at once, each naming its setting and what a valid value looks like', () => {
    const lines = problems({
      REPO_OWNER: 'octo-org',
      REPOSITORIES: 'octo-org/app, not-a-repo, a/b/c',
      MONITOR_INTERVAL: '5m',
      AUTO_APPROVE: 'sometimes',
      AUTOFIX_WEBHOOK_URL: 'notify.internal/ci',
      DATABASE_URL: 'mysql://root@db/autofix',
      WORKER_CONCURRENCY: '100',
      LOG_LEVEL: 'verbose',
      PORT: '80800',
      GITHUB_API_URL: 'ftp://github.example.com',
      GITHUB_INSTALLATION_ID: 'abc',
      GITHUB_WRITE_SPACING_MS: '1s',
    });
    expect(lines).toEqual([
      '- no GitHub credential: set GITHUB_TOKEN (the Actions token or a personal access token), or GITHUB_APP_ID and GITHUB_PRIVATE_KEY for a GitHub App',
      '- GITHUB_INSTALLATION_ID must be a positive whole number (got "abc")',
      '- GITHUB_API_URL must be an http(s) URL, e.g. https://github.example.com/api/v3 (got a ftp: URL)',
      '- GITHUB_WRITE_SPACING_MS must be a whole number of milliseconds from 0 to 10000 (got "1s"); unset, 1000',
      '- REPO_OWNER and REPO_NAME go together (the repository octo-org/app is REPO_OWNER=octo-org and REPO_NAME=app): REPO_NAME is not set',
      '- REPOSITORIES must list owner/name repositories separated by commas or spaces, e.g. octo-org/app,octo-org/api (not valid: "not-a-repo", "a/b/c")',
      '- MONITOR_INTERVAL must be a whole number of seconds, 0 (no polling) or from 10 to 86400 (a day) (got "5m")',
      '- AUTO_APPROVE must be true or false (got "sometimes")',
      '- AUTOFIX_WEBHOOK_URL must be an http(s) URL, e.g. https://hooks.example.com/ci (got a value that is not a URL)',
      '- DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgres://autofix@db:5432/autofix, or unset for the embedded database (got a mysql: URL)',
      '- WORKER_CONCURRENCY must be a whole number from 1 to 64 (got "100")',
      '- LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
      '- PORT must be a TCP port, a whole number from 0 (any free port) to 65535 (got "80800")',
    ]);
  });

  it('the limits of each number', () => {
    const base = { GITHUB_TOKEN: TOKEN };
    for (const v of ['0', '10', '86400', ' 30 '])
      expect(() => loadServiceConfig({ ...base, MONITOR_INTERVAL: v })).not.toThrow();
    for (const v of ['9', '1', '86401', '-5', '1.5', '1e3', 'Infinity'])
      expect(problems({ ...base, MONITOR_INTERVAL: v })).toEqual([
        expect.stringMatching(/^- MONITOR_INTERVAL must be/),
      ]);
    for (const v of ['1', '64'])
      expect(() => loadServiceConfig({ ...base, WORKER_CONCURRENCY: v })).not.toThrow();
    for (const v of ['0', '65', 'two']) expect(problems({ ...base, WORKER_CONCURRENCY: v })).toHaveLength(1);
    for (const v of ['20', '3600'])
      expect(() => loadServiceConfig({ ...base, WORKER_TAKEOVER_SECONDS: v })).not.toThrow();
    for (const v of ['19', '3601', '1m'])
      expect(problems({ ...base, WORKER_TAKEOVER_SECONDS: v })).toEqual([
        expect.stringMatching(/^- WORKER_TAKEOVER_SECONDS must be a whole number of seconds from 20 to 3600/),
      ]);
    for (const v of ['300', '86400'])
      expect(() => loadServiceConfig({ ...base, JOB_TIMEOUT_SECONDS: v })).not.toThrow();
    for (const v of ['299', '86401', 'never'])
      expect(problems({ ...base, JOB_TIMEOUT_SECONDS: v })).toEqual([
        expect.stringMatching(/^- JOB_TIMEOUT_SECONDS must be a whole number of seconds from 300/),
      ]);
    for (const v of ['0', '1', '65535']) expect(() => loadServiceConfig({ ...base, PORT: v })).not.toThrow();
    for (const v of ['-1', '65536', 'http']) expect(problems({ ...base, PORT: v })).toHaveLength(1);
    expect(loadServiceConfig({ ...base, DATABASE_URL: 'postgresql://db/autofix' }).databaseUrl).toBe(
      'postgresql://db/autofix',
    );
    expect(loadServiceConfig({ ...base, AUTOFIX_WEBHOOK_URL: 'http://notify:8080/hook' }).notify).toEqual({
      url: 'http://notify:8080/hook',
    });
  });
});

describe('loadServiceConfig: credentials', () => {
  it('half a GitHub App is a problem, even with a token to fall back on', () => {
    expect(problems({ GITHUB_TOKEN: TOKEN, GITHUB_APP_ID: '12' })).toEqual([
      "- GITHUB_APP_ID and GITHUB_PRIVATE_KEY go together (a GitHub App's id and its private key): GITHUB_PRIVATE_KEY is not set",
    ]);
    expect(problems({ GITHUB_APP_ID: '12', GITHUB_PRIVATE_KEY: 'not a key' })).toEqual([
      '- GITHUB_PRIVATE_KEY must be the PEM private key GitHub gave for the App (-----BEGIN RSA PRIVATE KEY----- …)',
    ]);
  });

  it('a secret never appears in an error, even one pasted into the wrong setting', () => {
    const env = {
      GITHUB_TOKEN: TOKEN,
      GITHUB_APP_ID: '12',
      GITHUB_PRIVATE_KEY: 'not-a-pem-but-still-secret',
      GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
      AUTOFIX_WEBHOOK_SECRET: NOTIFY_SECRET,
      AUTOFIX_WEBHOOK_URL: 'ftp://user:pass@hooks.example.com/XXXXsecretpath',
      DATABASE_URL: 'mysql://root:db-password-42@db/autofix',
      // Pasted where they do not belong:
      MONITOR_INTERVAL: TOKEN,
      AUTO_APPROVE: HOOK_SECRET,
      REPOSITORIES: `octo-org/app ${NOTIFY_SECRET}`,
      LOG_LEVEL: TOKEN.slice(0, 20),
      PORT: 'db-password-42',
    };
    const lines = problems(env);
    expect(lines.length).toBeGreaterThanOrEqual(8);
    const message = lines.join('\n');
    for (const secret of [
      TOKEN,
      TOKEN.slice(0, 20),
      'not-a-pem-but-still-secret',
      HOOK_SECRET,
      NOTIFY_SECRET,
    ])
      expect(message).not.toContain(secret);
    for (const part of ['XXXXsecretpath', 'pass@', 'db-password-42']) expect(message).not.toContain(part);
    expect(message).toContain('MONITOR_INTERVAL must be a whole number of seconds');
    expect(message).toContain('(got [redacted])');
  });
});

describe('redactedConfig', () => {
  it('a copy for the log with every secret replaced; the configuration itself unchanged', () => {
    const config = loadServiceConfig({
      GITHUB_APP_ID: '123456',
      GITHUB_PRIVATE_KEY: KEY,
      GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
      AUTOFIX_WEBHOOK_URL: NOTIFY_URL,
      AUTOFIX_WEBHOOK_SECRET: NOTIFY_SECRET,
      DATABASE_URL: DB_URL,
      REPOSITORIES: 'octo-org/app',
    });
    const shown = redactedConfig(config);
    const text = JSON.stringify(shown);
    for (const secret of [
      KEY,
      'secretkeymaterial',
      HOOK_SECRET,
      NOTIFY_SECRET,
      'XXXXsecretpath',
      'db-password-42',
    ])
      expect(text).not.toContain(secret);
    expect(shown).toMatchObject({
      github: { auth: { kind: 'app', appId: '123456', privateKey: '[redacted]' } },
      webhookSecret: '[redacted]',
      notify: { url: 'https://hooks.example.com/[redacted]', secret: '[redacted]' },
      databaseUrl: 'postgres://autofix:%5Bredacted%5D@db.internal:5432/autofix',
      repositories: ['octo-org/app'],
    });
    expect(config.github.auth).toMatchObject({ privateKey: KEY });
    expect(config.webhookSecret).toBe(HOOK_SECRET);

    const withToken = redactedConfig(
      loadServiceConfig({ GITHUB_TOKEN: TOKEN, AUTOFIX_WEBHOOK_URL: 'https://ci.example.com' }),
    );
    expect(withToken.github.auth).toEqual({ kind: 'token', token: '[redacted]' });
    expect(withToken.notify).toEqual({ url: 'https://ci.example.com' });
    expect(withToken).not.toHaveProperty('webhookSecret');
  });
});
