import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The service's JSON logs: one line per event, static messages with details as fields, one child logger
 * per job. Secrets are removed twice: by field (`token`, `authorization`, … anywhere two levels deep) and
 * by value (every configured secret, wherever it appears in a logged string, e.g. inside an error message).
 */
export function createLogger(options: {
  level: string;
  secrets: string[];
  destination?: DestinationStream;
}): Logger {
  const scrubDeep = secretScrubber(options.secrets);
  const fields = ['token', 'authorization', 'password', 'secret', 'privateKey', 'private_key', 'apiKey'];
  return pino(
    {
      level: options.level,
      base: { service: 'ci-autofix' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...fields, ...fields.map((f) => `*.${f}`)], censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => scrubDeep(a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}

/**
 * Removes every secret (of 8 characters or more) wherever it appears in a value's strings, four levels
 * deep: for the logs, and for what the store keeps of a job's events.
 */
export function secretScrubber(secrets: string[]): <T>(v: T) => T {
  const kept = secrets.filter((s) => s.length >= 8);
  const scrub = (s: string): string => {
    let out = s;
    for (const secret of kept) out = out.split(secret).join('[redacted]');
    return out;
  };
  const scrubDeep = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (depth > 4 || v === null || typeof v !== 'object') return v;
    if (v instanceof Error) return { type: v.name, message: scrub(v.message), stack: scrub(v.stack ?? '') };
    if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubDeep(x, depth + 1)]));
  };
  return <T>(v: T) => scrubDeep(v, 0) as T;
}
