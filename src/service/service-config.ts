import { SECRET_SETTINGS, setting } from '../config/index.js';
import { AutofixError } from '../domain/index.js';
import { serviceEnvSchema, type Quote, type ServiceConfig } from './service-env-schema.js';

export { LOG_LEVELS, type LogLevel, type ServiceConfig } from './service-env-schema.js';

const REDACTED = '[redacted]';

/**
 * The settings no problem may show, even pasted into the wrong setting: the credentials, and the URLs
 * that carry one (a chat webhook's path holds its token, a database URL its password).
 */
const NEVER_SHOWN = [...SECRET_SETTINGS, 'AUTOFIX_WEBHOOK_URL', 'DATABASE_URL', 'DASHBOARD_TOKEN'];

/**
 * Reads the service's settings (each also from the file `<NAME>_FILE` names) and checks them all against
 * the schema (service-env-schema.ts). Every problem is thrown together, one per line, as a
 * `config-invalid` error, so a deployment is fixed in one go; the message names each setting and what a
 * valid value looks like, and never holds a credential. `options.port` (the `--port` option) wins over PORT.
 */
export function loadServiceConfig(env: NodeJS.ProcessEnv, options: { port?: string } = {}): ServiceConfig {
  const secrets = secretValues(env);
  const result = serviceEnvSchema({ quote: quoteAvoiding(secrets), port: options.port }).safeParse(env);
  if (result.success) return result.data;
  // The same unreadable _FILE may be met by two parts: said once. Anything config/'s readers quoted as it
  // was (AUTO_APPROVE's value) is scrubbed of secrets here.
  const lines = [...new Set(result.error.issues.map((issue) => issue.message))].map(
    (problem) => `- ${scrub(problem, secrets)}`,
  );
  throw new AutofixError('config-invalid', `the service's configuration is not valid:\n${lines.join('\n')}`);
}

/**
 * A copy of the configuration for the log: credentials, webhook secrets and the dashboard's token become
 * "[redacted]", the database password too, and the notification URL keeps only its origin (its path is
 * often a token).
 */
export function redactedConfig(config: ServiceConfig): ServiceConfig {
  const auth: ServiceConfig['github']['auth'] =
    config.github.auth.kind === 'token'
      ? { kind: 'token', token: REDACTED }
      : { ...config.github.auth, privateKey: REDACTED };
  return {
    ...config,
    github: { ...config.github, auth },
    ...(config.webhookSecret ? { webhookSecret: REDACTED } : {}),
    ...(config.notify
      ? {
          notify: {
            url: redactUrl(config.notify.url, 'path'),
            ...(config.notify.secret ? { secret: REDACTED } : {}),
          },
        }
      : {}),
    ...(config.databaseUrl ? { databaseUrl: redactUrl(config.databaseUrl, 'password') } : {}),
    ...(config.dashboard.mode === 'token' ? { dashboard: { ...config.dashboard, token: REDACTED } } : {}),
    repositories: [...config.repositories],
    modelKeys: [...config.modelKeys],
  };
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The secrets' values, read before the schema so that every value a problem shows is checked against
 * them. A file that cannot be read is left to the schema, which reports it.
 */
function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = NEVER_SHOWN.map((name) => {
    try {
      return setting(env, name);
    } catch {
      return undefined;
    }
  });
  return values.filter((s): s is string => s !== undefined && s.length >= 4);
}

/** A given value as a problem shows it: quoted, one line, short, and never a secret or part of one. */
function quoteAvoiding(secrets: string[]): Quote {
  return (value) => {
    const secret = secrets.some((s) => value.includes(s) || (value.length >= 8 && s.includes(value)));
    return secret ? REDACTED : JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  };
}

function redactUrl(value: string, part: 'password' | 'path'): string {
  const url = URL.parse(value);
  if (!url) return REDACTED;
  if (part === 'password') {
    if (url.password) url.password = REDACTED;
    return url.toString();
  }
  return url.pathname === '/' && !url.search && !url.username ? url.origin : `${url.origin}/${REDACTED}`;
}

/** Every secret's value in a message becomes "[redacted]". */
function scrub(message: string, secrets: string[]): string {
  return secrets.reduce((out, s) => out.split(s).join(REDACTED), message);
}
