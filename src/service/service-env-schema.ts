import { z } from 'zod';
import { autoApprove, githubAuth, githubWriteSpacingMs, type GitHubAuthSetting } from '../config/index.js';
import type { DashboardAccess } from '../dashboard/index.js';
import { DEFAULT_DATA_DIR, QUEUE_DEFAULTS } from '../store/index.js';
import { dashboardSettings } from './dashboard-settings.js';
import { environment, parts, readBy, setting, settings, settingText } from './env-schema.js';
import { readRepositories } from './repositories-setting.js';

/** pino's levels, quietest last. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  /** Who may see /dashboard: DASHBOARD_AUTH, DASHBOARD_TOKEN, DASHBOARD_SECURE_COOKIE. */
  dashboard: DashboardAccess;
}

/** How a problem shows a value it was given: quoted, short, and never a secret (service-config.ts). */
export type Quote = (value: string) => string;

/** The model keys the fix jobs read from the environment (compose/choose-model.ts): only which are set. */
const MODEL_KEYS = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY'] as const;

const HTTP = ['http:', 'https:'];

const DEFAULTS = {
  monitorInterval: 300,
  workerConcurrency: 2,
  port: 8080,
  dataDir: DEFAULT_DATA_DIR,
  takeoverSeconds: QUEUE_DEFAULTS.takeoverSeconds,
  jobTimeoutSeconds: QUEUE_DEFAULTS.jobTimeoutSeconds,
};

/**
 * The service's environment as a zod schema whose output is its ServiceConfig. Every part is checked, so
 * every problem is listed at once, in the parts' order; each message names its setting and what a valid
 * value looks like. `quote` shows a value a problem names; `port` is the `--port` option, which wins
 * over PORT (then not read at all).
 */
export function serviceEnvSchema(options: { quote: Quote; port?: string }) {
  return serviceEnvParts(options).transform(toServiceConfig);
}

function serviceEnvParts({ quote, port }: { quote: Quote; port?: string }) {
  return parts({
    // config/ reads the credential for the CLI too: its message says which settings make one.
    auth: readBy(githubAuth),
    // Checked only: githubAuth makes the credential.
    app: githubApp,
    privateKey: setting('GITHUB_PRIVATE_KEY', privateKey),
    installationId: setting('GITHUB_INSTALLATION_ID', installationId(quote)),
    apiUrl: setting(
      'GITHUB_API_URL',
      url(HTTP, 'GITHUB_API_URL must be an http(s) URL, e.g. https://github.example.com/api/v3'),
    ),
    writeSpacingMs: readBy(githubWriteSpacingMs),
    webhookSecret: setting('GITHUB_WEBHOOK_SECRET', given),
    repositories: repositories(quote),
    monitorIntervalSeconds: setting(
      'MONITOR_INTERVAL',
      whole(
        quote,
        DEFAULTS.monitorInterval,
        (n) => n === 0 || (n >= 10 && n <= 86_400),
        'MONITOR_INTERVAL must be a whole number of seconds, 0 (no polling) or from 10 to 86400 (a day)',
      ),
    ),
    // config/'s reader, as the CLI's: AUTO_APPROVE is read from the environment only (no _FILE).
    autoApprove: readBy(autoApprove),
    notify,
    // Never shown, as AUTOFIX_WEBHOOK_URL: a database URL carries its password.
    databaseUrl: setting(
      'DATABASE_URL',
      url(
        ['postgres:', 'postgresql:'],
        'DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgres://autofix@db:5432/autofix, or unset for the embedded database',
      ),
    ),
    dataDir: setting('CI_AUTOFIX_DATA_DIR', z.string().default(DEFAULTS.dataDir)),
    workerConcurrency: setting(
      'WORKER_CONCURRENCY',
      whole(
        quote,
        DEFAULTS.workerConcurrency,
        (n) => n >= 1 && n <= 64,
        'WORKER_CONCURRENCY must be a whole number from 1 to 64',
      ),
    ),
    // A worker beats six times per takeover time: under 20 s a busy machine's pause could pass for death.
    takeoverSeconds: setting(
      'WORKER_TAKEOVER_SECONDS',
      whole(
        quote,
        DEFAULTS.takeoverSeconds,
        (n) => n >= 20 && n <= 3600,
        'WORKER_TAKEOVER_SECONDS must be a whole number of seconds from 20 to 3600 (an hour)',
      ),
    ),
    jobTimeoutSeconds: setting(
      'JOB_TIMEOUT_SECONDS',
      whole(
        quote,
        DEFAULTS.jobTimeoutSeconds,
        (n) => n >= 300 && n <= 86_400,
        'JOB_TIMEOUT_SECONDS must be a whole number of seconds from 300 (5 minutes) to 86400 (a day)',
      ),
    ),
    logLevel: setting('LOG_LEVEL', logLevel(quote)),
    port:
      port === undefined
        ? setting('PORT', tcpPort(quote, 'PORT'))
        : environment.transform((): string | undefined => port).pipe(tcpPort(quote, '--port')),
    // Presence only, as the fix jobs see them (they read the environment itself, not a _FILE).
    modelKeys: environment.transform((env): string[] => MODEL_KEYS.filter((name) => Boolean(env[name]))),
    dashboard: dashboardSettings(quote),
  });
}

/** The parts as the configuration holds them: the GitHub ones together, and no key for what is unset. */
function toServiceConfig(c: z.output<ReturnType<typeof serviceEnvParts>>): ServiceConfig {
  return {
    github: { auth: c.auth, ...(c.apiUrl ? { apiUrl: c.apiUrl } : {}), writeSpacingMs: c.writeSpacingMs },
    ...(c.webhookSecret ? { webhookSecret: c.webhookSecret } : {}),
    repositories: c.repositories,
    monitorIntervalSeconds: c.monitorIntervalSeconds,
    autoApprove: c.autoApprove,
    ...(c.notify ? { notify: c.notify } : {}),
    ...(c.databaseUrl ? { databaseUrl: c.databaseUrl } : {}),
    dataDir: c.dataDir,
    workerConcurrency: c.workerConcurrency,
    takeoverSeconds: c.takeoverSeconds,
    jobTimeoutSeconds: c.jobTimeoutSeconds,
    logLevel: c.logLevel,
    port: c.port,
    modelKeys: c.modelKeys,
    dashboard: c.dashboard,
  };
}

// ── the settings' checks ───────────────────────────────────────────────────────────────────────────────

/** A setting that is any text, or unset. */
const given = z.string().optional();

/** `value` as a whole number, spaces around it allowed; anything else is NaN, which no range admits. */
function wholeNumber(value: string): number {
  const v = value.trim();
  return /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
}

/** A whole-number setting: `fallback` when unset; `problem`, with what was given, when `valid` refuses it. */
function whole(quote: Quote, fallback: number, valid: (n: number) => boolean, problem: string) {
  return z
    .string()
    .refine((value) => valid(wholeNumber(value)), {
      error: (issue) => `${problem} (got ${quote(String(issue.input))})`,
    })
    .transform(wholeNumber)
    .default(fallback);
}

function tcpPort(quote: Quote, name: 'PORT' | '--port') {
  return whole(
    quote,
    DEFAULTS.port,
    (n) => n >= 0 && n <= 65_535,
    `${name} must be a TCP port, a whole number from 0 (any free port) to 65535`,
  );
}

function logLevel(quote: Quote) {
  return z
    .string()
    .transform((value, ctx) => {
      const level = LOG_LEVELS.find((l) => l === value.trim().toLowerCase());
      if (level) return level;
      ctx.addIssue({
        code: 'custom',
        message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${quote(value)})`,
      });
      return z.NEVER;
    })
    .default('info');
}

/** A URL of one of `schemes`; `problem` says what one looks like, and the value is never shown. */
function url(schemes: string[], problem: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const wrong = urlProblem(value, schemes);
      if (wrong) ctx.addIssue({ code: 'custom', message: `${problem} (${wrong})` });
    })
    .optional();
}

/** What is wrong with a URL of one of these schemes, without repeating it; undefined when nothing. */
function urlProblem(value: string, schemes: string[]): string | undefined {
  const parsed = URL.parse(value);
  if (!parsed) return 'got a value that is not a URL';
  if (!schemes.includes(parsed.protocol)) return `got a ${parsed.protocol.slice(0, 20)} URL`;
  return undefined;
}

/**
 * The credential's settings, beyond githubAuth's reading: a GitHub App's id and key go together. The
 * token is read here too: githubAuth stops at the first file it cannot read, and reads no token when an
 * App is set, and that file's problem is said all the same.
 */
const githubApp = settings({
  GITHUB_TOKEN: given,
  GITHUB_APP_ID: given,
  GITHUB_PRIVATE_KEY: given,
}).superRefine(
  ({ GITHUB_APP_ID: appId, GITHUB_PRIVATE_KEY: key }, ctx) => {
    if (Boolean(appId) !== Boolean(key))
      ctx.addIssue({
        code: 'custom',
        message: `GITHUB_APP_ID and GITHUB_PRIVATE_KEY go together (a GitHub App's id and its private key): ${appId ? 'GITHUB_PRIVATE_KEY' : 'GITHUB_APP_ID'} is not set`,
      });
  },
  // Made even when a file could not be read (that setting counts as unset): every problem at once.
  { when: () => true },
);

const privateKey = z
  .string()
  .regex(
    /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    'GITHUB_PRIVATE_KEY must be the PEM private key GitHub gave for the App (-----BEGIN RSA PRIVATE KEY----- …)',
  )
  .optional();

function installationId(quote: Quote) {
  return z
    .string()
    .regex(/^[1-9]\d{0,15}$/, {
      error: (issue) =>
        `GITHUB_INSTALLATION_ID must be a positive whole number (got ${quote(String(issue.input))})`,
    })
    .optional();
}

/** REPO_OWNER + REPO_NAME, then REPOSITORIES, each repository once (repositories-setting.ts). */
function repositories(quote: Quote) {
  return environment.transform((env, ctx) => {
    // Read here rather than by settings(): the list is made and checked in one go, even when one of the
    // three files could not be read (it counts as unset).
    const [owner, name, list] = ['REPO_OWNER', 'REPO_NAME', 'REPOSITORIES'].map((key) =>
      settingText(env, key, ctx),
    );
    const problems: string[] = [];
    const repos = readRepositories(owner, name, list, problems, quote);
    for (const message of problems) ctx.addIssue({ code: 'custom', message });
    return repos;
  });
}

/** AUTOFIX_WEBHOOK_URL, never shown (a chat service's webhook URL holds its token), and its secret. */
const notify = settings({
  AUTOFIX_WEBHOOK_URL: url(
    HTTP,
    'AUTOFIX_WEBHOOK_URL must be an http(s) URL, e.g. https://hooks.example.com/ci',
  ),
  AUTOFIX_WEBHOOK_SECRET: given,
}).transform(({ AUTOFIX_WEBHOOK_URL: to, AUTOFIX_WEBHOOK_SECRET: secret }) =>
  to ? { url: to, ...(secret ? { secret } : {}) } : undefined,
);
