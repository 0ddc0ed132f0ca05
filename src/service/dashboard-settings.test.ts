import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServiceConfig, redactedConfig } from './service-config.js';

const GITHUB_TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyz';
const TOKEN = 'dashboard-secret-0123456789';

const dashboard = (env: NodeJS.ProcessEnv) => loadServiceConfig({ GITHUB_TOKEN, ...env }).dashboard;
function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadServiceConfig({ GITHUB_TOKEN, ...env });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('the dashboard settings', () => {
  it('off unless configured; DASHBOARD_TOKEN alone turns the token mode on', () => {
    expect(dashboard({})).toEqual({ mode: 'off' });
    expect(dashboard({ DASHBOARD_TOKEN: ` ${TOKEN}\n` })).toEqual({
      mode: 'token',
      token: TOKEN,
      secureCookie: false,
    });
    expect(
      dashboard({ DASHBOARD_AUTH: 'token', DASHBOARD_TOKEN: TOKEN, DASHBOARD_SECURE_COOKIE: 'true' }),
    ).toEqual({
      mode: 'token',
      token: TOKEN,
      secureCookie: true,
    });
    expect(dashboard({ DASHBOARD_AUTH: 'Proxy' })).toEqual({ mode: 'proxy' });
    // Off by choice, the secret still mounted.
    expect(dashboard({ DASHBOARD_AUTH: 'off', DASHBOARD_TOKEN: TOKEN })).toEqual({ mode: 'off' });
  });

  it('reads the token from DASHBOARD_TOKEN_FILE (a Kubernetes secret)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dashboard-token-')), 'token');
    writeFileSync(file, `${TOKEN}\n`);
    expect(dashboard({ DASHBOARD_TOKEN_FILE: file })).toMatchObject({ mode: 'token', token: TOKEN });
  });

  it('says what is wrong, and never shows the token', () => {
    expect(problem({ DASHBOARD_AUTH: 'basic' })).toContain('DASHBOARD_AUTH must be off, token');
    expect(problem({ DASHBOARD_AUTH: 'token' })).toContain('DASHBOARD_AUTH=token needs DASHBOARD_TOKEN');
    expect(problem({ DASHBOARD_AUTH: 'proxy', DASHBOARD_TOKEN: TOKEN })).toContain('unset one of them');
    // Both problems at once; the short token is not shown.
    const both = problem({ DASHBOARD_TOKEN: 'too-short-123', DASHBOARD_SECURE_COOKIE: 'maybe' });
    expect(both).toContain('DASHBOARD_SECURE_COOKIE must be true or false (got "maybe")');
    expect(both).toContain('DASHBOARD_TOKEN must be at least 16 characters');
    expect(both).not.toContain('too-short-123');
    // Pasted into the wrong setting, it is not shown either.
    expect(problem({ DASHBOARD_TOKEN: TOKEN, MONITOR_INTERVAL: TOKEN })).not.toContain(TOKEN);
  });

  it('the configuration as logged shows no token', () => {
    const config = loadServiceConfig({ GITHUB_TOKEN, DASHBOARD_TOKEN: TOKEN });
    expect(JSON.stringify(redactedConfig(config))).not.toContain(TOKEN);
    expect(redactedConfig(config).dashboard).toEqual({
      mode: 'token',
      token: '[redacted]',
      secureCookie: false,
    });
    expect(config.dashboard).toMatchObject({ token: TOKEN });
  });
});
