/**
 * Removes secrets from any text before it leaves the process (prompts, logs, comments): tokens of the
 * shapes CI runners and developers hold, private keys, passwords in URLs, and any value of the current
 * environment whose name marks it as a secret. Each is replaced by `[REDACTED:<kind>]`, so a reader (or a
 * model) still sees that something was there.
 */
const PATTERNS: Array<[kind: string, re: RegExp]> = [
  ['private-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g],
  ['anthropic-key', /\bsk-ant-[A-Za-z0-9_-]{10,}\b/g],
  ['openai-key', /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}\b/g],
  ['aws-access-key', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g],
  ['aws-secret', /(aws_secret_access_key|AWS_SECRET_ACCESS_KEY)(\s*[=:]\s*)["']?[A-Za-z0-9/+=]{40}["']?/g],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g],
  ['slack-webhook', /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g],
  ['npm-token', /\bnpm_[A-Za-z0-9]{36}\b/g],
  ['url-password', /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+):([^@\s/]+)@/gi],
  ['bearer', /\b(Authorization:\s*(?:Bearer|token|Basic))\s+[A-Za-z0-9._~+/=-]{8,}/gi],
];

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY)/i;

export interface Redactor {
  redact(text: string): string;
}

/** A redactor that also knows the secret values of `env` (longer than 8 characters). */
export function makeRedactor(env: NodeJS.ProcessEnv = {}): Redactor {
  const values = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([name, value]) => [name, value as string] as const)
    .sort((a, b) => b[1].length - a[1].length);
  return {
    redact(text: string): string {
      let out = text;
      for (const [name, value] of values)
        if (out.includes(value)) out = out.split(value).join(`[REDACTED:${name}]`);
      for (const [kind, re] of PATTERNS) {
        out = out.replace(re, (...m: string[]) => {
          if (kind === 'url-password') return `${m[1]}:[REDACTED:${kind}]@`;
          if (kind === 'aws-secret' || kind === 'bearer')
            return `${m[1]}${kind === 'aws-secret' ? m[2] : ' '}[REDACTED:${kind}]`;
          return `[REDACTED:${kind}]`;
        });
      }
      return out;
    },
  };
}
