import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AutofixError } from '../domain/index.js';
import { autoApprove, githubAuth, setting } from './env-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'env-settings-'));

describe('setting', () => {
  it('reads NAME, and NAME_FILE (a mounted Kubernetes secret) before it, trimmed', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'from-file\n');
    expect(setting({ GITHUB_TOKEN: 'from-env' }, 'GITHUB_TOKEN')).toBe('from-env');
    expect(setting({ GITHUB_TOKEN: 'from-env', GITHUB_TOKEN_FILE: file }, 'GITHUB_TOKEN')).toBe('from-file');
    expect(setting({ GITHUB_TOKEN: '' }, 'GITHUB_TOKEN')).toBeUndefined();
    expect(setting({}, 'GITHUB_TOKEN')).toBeUndefined();
  });

  it('names the setting and the file it cannot read', () => {
    const missing = join(dir, 'nope');
    expect(() => setting({ GITHUB_TOKEN_FILE: missing }, 'GITHUB_TOKEN')).toThrow(
      new RegExp(`GITHUB_TOKEN_FILE: cannot read ${missing}`),
    );
  });
});

describe('githubAuth', () => {
  it('prefers a GitHub App to a token, and says what to set when neither is there', () => {
    expect(githubAuth({ GITHUB_TOKEN: 't' })).toEqual({ kind: 'token', token: 't' });
    expect(
      githubAuth({
        GITHUB_TOKEN: 't',
        GITHUB_APP_ID: '12',
        GITHUB_PRIVATE_KEY: 'k',
        GITHUB_INSTALLATION_ID: '7',
      }),
    ).toEqual({ kind: 'app', appId: '12', privateKey: 'k', installationId: 7 });
    expect(() => githubAuth({})).toThrow(AutofixError);
    expect(() => githubAuth({ GITHUB_APP_ID: '12' })).toThrow(
      /set GITHUB_TOKEN .* or GITHUB_APP_ID and GITHUB_PRIVATE_KEY/,
    );
  });
});

describe('autoApprove', () => {
  it('is review mode unless asked, and refuses anything but a boolean', () => {
    expect(autoApprove({})).toBe(false);
    expect(autoApprove({ AUTO_APPROVE: ' Yes ' })).toBe(true);
    expect(autoApprove({ AUTO_APPROVE: '0' })).toBe(false);
    expect(() => autoApprove({ AUTO_APPROVE: 'maybe' })).toThrow(
      'AUTO_APPROVE must be true or false (got "maybe")',
    );
  });
});
