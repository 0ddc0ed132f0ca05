import { readFileSync } from 'node:fs';
import { AutofixError } from '../domain/index.js';

/**
 * The GitHub credential the environment names: a token (`GITHUB_TOKEN`: the Actions token or a PAT), or a
 * GitHub App's id and private key. The same shape as the GitHub adapter's `GitHubAuth` (forge/github),
 * declared here because config may import only domain; the entry points pass it on as is.
 */
export type GitHubAuthSetting =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; privateKey: string; installationId?: number };

/** A setting from the environment, or from the file its `NAME_FILE` names (Kubernetes secrets). */
export function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new AutofixError(
        'config-invalid',
        `${name}_FILE: cannot read ${file} (${(err as Error).message})`,
      );
    }
  }
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** GITHUB_TOKEN, or GITHUB_APP_ID with GITHUB_PRIVATE_KEY (optionally GITHUB_INSTALLATION_ID). */
export function githubAuth(env: NodeJS.ProcessEnv): GitHubAuthSetting {
  const appId = setting(env, 'GITHUB_APP_ID');
  const key = setting(env, 'GITHUB_PRIVATE_KEY');
  if (appId && key) {
    const installation = setting(env, 'GITHUB_INSTALLATION_ID');
    return {
      kind: 'app',
      appId,
      privateKey: key,
      ...(installation ? { installationId: Number(installation) } : {}),
    };
  }
  const token = setting(env, 'GITHUB_TOKEN');
  if (!token)
    throw new AutofixError(
      'config-invalid',
      'no GitHub credential: set GITHUB_TOKEN (the Actions token or a personal access token), or GITHUB_APP_ID and GITHUB_PRIVATE_KEY for a GitHub App',
    );
  return { kind: 'token', token };
}

/** `AUTO_APPROVE`: true or false; review mode (false) when unset. */
export function autoApprove(env: NodeJS.ProcessEnv): boolean {
  const v = (env.AUTO_APPROVE ?? 'false').trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no', ''].includes(v)) return false;
  throw new AutofixError('config-invalid', `AUTO_APPROVE must be true or false (got "${env.AUTO_APPROVE}")`);
}

const WRITE_SPACING = { name: 'GITHUB_WRITE_SPACING_MS', defaultMs: 1000, maxMs: 10_000 } as const;

/**
 * `GITHUB_WRITE_SPACING_MS`: the pause between two API writes, GitHub's advice against secondary rate
 * limits (one write a second; three before one that notifies people). 0 writes without pausing: for a
 * GitHub Enterprise Server without secondary rate limits, or a local GitHub double. Rate-limit answers
 * are waited out either way.
 */
export function githubWriteSpacingMs(env: NodeJS.ProcessEnv): number {
  const v = setting(env, WRITE_SPACING.name)?.trim();
  if (v === undefined) return WRITE_SPACING.defaultMs;
  const n = /^\d{1,5}$/.test(v) ? Number(v) : Number.NaN;
  if (!(n <= WRITE_SPACING.maxMs))
    throw new AutofixError(
      'config-invalid',
      `${WRITE_SPACING.name} must be a whole number of milliseconds from 0 to ${WRITE_SPACING.maxMs} (got "${v}"); unset, ${WRITE_SPACING.defaultMs}`,
    );
  return n;
}

/** The settings that hold credentials: read once, then removed from the environment (`takeSecrets`). */
export const SECRET_SETTINGS = [
  'GITHUB_TOKEN',
  'GITHUB_PRIVATE_KEY',
  'GITHUB_WEBHOOK_SECRET',
  'AUTOFIX_WEBHOOK_SECRET',
] as const;

/**
 * Credentials are read once and removed from the environment, so no child process ever inherits them;
 * `more` names others an entry point holds (the Action's secret inputs).
 */
export function takeSecrets(env: NodeJS.ProcessEnv, more: readonly string[] = []): void {
  for (const name of [...SECRET_SETTINGS, ...more]) delete env[name];
}
