import {
  autoApprove,
  githubAuth,
  githubWriteSpacingMs,
  setting,
  type GitHubAuthSetting,
} from '../config/index.js';
import { AutofixError } from '../domain/index.js';
import { DEFAULT_DATA_DIR, QUEUE_DEFAULTS } from '../store/index.js';
import { readRepositories } from './repositories-setting.js';

/** pino's levels, quietest last. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The model keys the fix jobs read from the environment (cli/choose-model.ts): only which are set. */
const MODEL_KEYS = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY'] as const;

/** `ci-autofix serve`'s configuration, read once from the environment at start. */
export interface ServiceConfig {
  /**
   * `apiUrl`: GITHUB_API_URL (GitHub Enterprise Server); absent: api.github.com, the adapter's default.
   * `writeSpacingMs`: GITHUB_WRITE_SPACING_MS, the pause between API writes.
   */
  github: { auth: GitHubAuthSetting; apiUrl?: string; writeSpacingMs: number };
  /** GITHUB_WEBHOOK_SECRET: without it, POST /webhook is refused (only polling finds failures). */
  webhookSecret?: string;
  /** Repositories to poll, `owner/name`, each once: REPO_OWNER + REPO_NAME, then REPOSITORIES. */
  repositories: string[];
  /** Seconds between two polls; 0: no polling. */
  monitorIntervalSeconds: number;
  autoApprove: boolean;
  /** AUTOFIX_WEBHOOK_URL (and its secret): where each outcome is sent. */
  notify?: { url: string; secret?: string };
  /** A PostgreSQL server; absent: an embedded database under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  workerConcurrency: number;
  /** WORKER_TAKEOVER_SECONDS: a worker silent this long is taken for dead; its jobs go to another. */
  takeoverSeconds: number;
  /** JOB_TIMEOUT_SECONDS: the ceiling for one run of a job (a hung job is stopped and failed). */
  jobTimeoutSeconds: number;
  logLevel: LogLevel;
  port: number;
  /** The names of the model keys set (ANTHROPIC_API_KEY, OPENAI_API_KEY), never their values. */
  modelKeys: string[];
}

const DEFAULTS = {
  monitorInterval: 300,
  workerConcurrency: 2,
  port: 8080,
  dataDir: DEFAULT_DATA_DIR,
  takeoverSeconds: QUEUE_DEFAULTS.takeoverSeconds,
  jobTimeoutSeconds: QUEUE_DEFAULTS.jobTimeoutSeconds,
};
const REDACTED = '[redacted]';

/**
 * Reads the service's settings (each also from the file `<NAME>_FILE` names) and checks them all. Every
 * problem is collected and thrown together, one per line, as a `config-invalid` error, so a deployment
 * is fixed in one go; the message names each setting and what a valid value looks like, and never holds
 * a credential. `options.port` (the `--port` option) wins over PORT.
 */
export function loadServiceConfig(env: NodeJS.ProcessEnv, options: { port?: string } = {}): ServiceConfig {
  const problems: string[] = [];
  /** A reader's value, or undefined with its problem noted. */
  const check = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof AutofixError)) throw err;
      problems.push(err.message);
      return undefined;
    }
  };
  const get = (name: string) => check(() => setting(env, name));

  // The secrets first: a problem never shows one, even pasted into the wrong setting.
  const token = get('GITHUB_TOKEN');
  const privateKey = get('GITHUB_PRIVATE_KEY');
  const webhookSecret = get('GITHUB_WEBHOOK_SECRET');
  const notifyUrl = get('AUTOFIX_WEBHOOK_URL');
  const notifySecret = get('AUTOFIX_WEBHOOK_SECRET');
  const databaseUrl = get('DATABASE_URL');
  const secrets = [token, privateKey, webhookSecret, notifyUrl, notifySecret, databaseUrl].filter(
    (s): s is string => s !== undefined && s.length >= 4,
  );
  /** A given value as a problem shows it: quoted, one line, short, and never a secret or part of one. */
  const quote = (value: string): string => {
    const secret = secrets.some((s) => value.includes(s) || (value.length >= 8 && s.includes(value)));
    return secret ? REDACTED : JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  };
  /** A whole-number setting: its default when unset; its problem, with what was given, when not valid. */
  const whole = (value: string | undefined, fallback: number, invalid: (n: number) => string | undefined) => {
    if (value === undefined) return fallback;
    const n = /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    const problem = invalid(n);
    if (problem) problems.push(`${problem} (got ${quote(value)})`);
    return n;
  };

  const auth = check(() => githubAuth(env));
  const appId = get('GITHUB_APP_ID');
  if (Boolean(appId) !== Boolean(privateKey))
    problems.push(
      `GITHUB_APP_ID and GITHUB_PRIVATE_KEY go together (a GitHub App's id and its private key): ${appId ? 'GITHUB_PRIVATE_KEY' : 'GITHUB_APP_ID'} is not set`,
    );
  if (privateKey && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey))
    problems.push(
      'GITHUB_PRIVATE_KEY must be the PEM private key GitHub gave for the App (-----BEGIN RSA PRIVATE KEY----- …)',
    );
  const installation = get('GITHUB_INSTALLATION_ID');
  if (installation !== undefined && !/^[1-9]\d{0,15}$/.test(installation))
    problems.push(`GITHUB_INSTALLATION_ID must be a positive whole number (got ${quote(installation)})`);

  const apiUrl = get('GITHUB_API_URL');
  const apiProblem = apiUrl === undefined ? undefined : urlProblem(apiUrl, ['http:', 'https:']);
  if (apiProblem)
    problems.push(
      `GITHUB_API_URL must be an http(s) URL, e.g. https://github.example.com/api/v3 (${apiProblem})`,
    );
  const writeSpacingMs = check(() => githubWriteSpacingMs(env));

  const repositories = readRepositories(
    get('REPO_OWNER'),
    get('REPO_NAME'),
    get('REPOSITORIES'),
    problems,
    quote,
  );

  const monitorIntervalSeconds = whole(get('MONITOR_INTERVAL'), DEFAULTS.monitorInterval, (n) =>
    n === 0 || (n >= 10 && n <= 86_400)
      ? undefined
      : 'MONITOR_INTERVAL must be a whole number of seconds, 0 (no polling) or from 10 to 86400 (a day)',
  );

  const approve = check(() => autoApprove(env)) ?? false;

  // These two values are never shown: a webhook URL often carries a token (chat services put it in the
  // path), a database URL its password.
  const notifyProblem = notifyUrl === undefined ? undefined : urlProblem(notifyUrl, ['http:', 'https:']);
  if (notifyProblem)
    problems.push(
      `AUTOFIX_WEBHOOK_URL must be an http(s) URL, e.g. https://hooks.example.com/ci (${notifyProblem})`,
    );
  const databaseProblem =
    databaseUrl === undefined ? undefined : urlProblem(databaseUrl, ['postgres:', 'postgresql:']);
  if (databaseProblem)
    problems.push(
      `DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgres://autofix@db:5432/autofix, or unset for the embedded database (${databaseProblem})`,
    );

  const dataDir = get('CI_AUTOFIX_DATA_DIR') ?? DEFAULTS.dataDir;

  const workerConcurrency = whole(get('WORKER_CONCURRENCY'), DEFAULTS.workerConcurrency, (n) =>
    n >= 1 && n <= 64 ? undefined : 'WORKER_CONCURRENCY must be a whole number from 1 to 64',
  );

  // A worker beats six times per takeover time: under 20 s a busy machine's pause could pass for death.
  const takeoverSeconds = whole(get('WORKER_TAKEOVER_SECONDS'), DEFAULTS.takeoverSeconds, (n) =>
    n >= 20 && n <= 3600
      ? undefined
      : 'WORKER_TAKEOVER_SECONDS must be a whole number of seconds from 20 to 3600 (an hour)',
  );
  const jobTimeoutSeconds = whole(get('JOB_TIMEOUT_SECONDS'), DEFAULTS.jobTimeoutSeconds, (n) =>
    n >= 300 && n <= 86_400
      ? undefined
      : 'JOB_TIMEOUT_SECONDS must be a whole number of seconds from 300 (5 minutes) to 86400 (a day)',
  );

  const levelSetting = get('LOG_LEVEL');
  const level = levelSetting?.trim().toLowerCase() ?? 'info';
  const logLevel = LOG_LEVELS.find((l) => l === level);
  if (!logLevel)
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${quote(levelSetting ?? '')})`);

  const portName = options.port !== undefined ? '--port' : 'PORT';
  const port = whole(options.port ?? get('PORT'), DEFAULTS.port, (n) =>
    n >= 0 && n <= 65_535
      ? undefined
      : `${portName} must be a TCP port, a whole number from 0 (any free port) to 65535`,
  );

  // Presence only, as the fix jobs see them (they read the environment itself, not a _FILE).
  const modelKeys = MODEL_KEYS.filter((name) => Boolean(env[name]));

  if (problems.length || !auth || !logLevel || writeSpacingMs === undefined) {
    // The same unreadable _FILE may be met by two readers: said once. Anything a reader quoted as it was
    // (AUTO_APPROVE's value) is scrubbed of secrets here.
    const lines = [...new Set(problems)].map((p) => `- ${scrub(p, secrets)}`);
    throw new AutofixError(
      'config-invalid',
      `the service's configuration is not valid:\n${lines.join('\n')}`,
    );
  }
  return {
    github: { auth, ...(apiUrl ? { apiUrl } : {}), writeSpacingMs },
    ...(webhookSecret ? { webhookSecret } : {}),
    repositories,
    monitorIntervalSeconds,
    autoApprove: approve,
    ...(notifyUrl ? { notify: { url: notifyUrl, ...(notifySecret ? { secret: notifySecret } : {}) } } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir,
    workerConcurrency,
    takeoverSeconds,
    jobTimeoutSeconds,
    logLevel,
    port,
    modelKeys,
  };
}

/**
 * A copy of the configuration for the log: credentials and webhook secrets become "[redacted]", the
 * database password too, and the notification URL keeps only its origin (its path is often a token).
 */
export function redactedConfig(config: ServiceConfig): ServiceConfig {
  const auth: GitHubAuthSetting =
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
    repositories: [...config.repositories],
    modelKeys: [...config.modelKeys],
  };
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** What is wrong with a URL of one of these schemes, without repeating it; undefined when nothing. */
function urlProblem(value: string, schemes: string[]): string | undefined {
  const url = parseUrl(value);
  if (!url) return 'got a value that is not a URL';
  if (!schemes.includes(url.protocol)) return `got a ${url.protocol.slice(0, 20)} URL`;
  return undefined;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function redactUrl(value: string, part: 'password' | 'path'): string {
  const url = parseUrl(value);
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
