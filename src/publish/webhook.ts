import { createHmac } from 'node:crypto';
import type { Diagnostic } from '../domain/index.js';

export type WebhookEventName = 'ci_failure' | 'fix_pushed' | 'fix_proposed' | 'fix_failed';

/** `AUTOFIX_WEBHOOK_URL`'s body: the reference setup's `{event, pr_number, branch, errors}` and more. */
export interface WebhookPayload {
  event: WebhookEventName;
  pr_number: number;
  branch: string;
  errors: Array<{
    tool: string;
    code?: string;
    path?: string;
    line?: number;
    message: string;
    fixability: string;
  }>;
  repository: string;
  head_sha: string;
  outcome?: string;
}

export const MAX_WEBHOOK_ERRORS = 50;

export function webhookErrors(diagnostics: Diagnostic[]): WebhookPayload['errors'] {
  return diagnostics.slice(0, MAX_WEBHOOK_ERRORS).map((d) => ({
    tool: d.source.name,
    ...(d.code ? { code: d.code.value } : {}),
    ...(d.location ? { path: d.location.path } : {}),
    ...(d.location?.range ? { line: d.location.range.start.line } : {}),
    message: d.message.split('\n')[0]!.slice(0, 500),
    fixability: d.fixability,
  }));
}

export interface WebhookOptions {
  url: string;
  /** `AUTOFIX_WEBHOOK_SECRET`: signs the body as `X-Autofix-Signature-256: sha256=<hex HMAC-SHA256>`. */
  secret?: string;
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  warn(message: string): void;
}

/** The signature header's value for `body` (receivers compare it in constant time). */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs the payload, retrying network errors, 429 and 5xx with exponential backoff. Never throws: a
 * failing webhook is reported through `warn` and never fails the fix. Returns whether it was delivered.
 */
export async function sendWebhook(payload: WebhookPayload, options: WebhookOptions): Promise<boolean> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'ci-autofix',
    'x-autofix-event': payload.event,
  };
  if (options.secret) headers['x-autofix-signature-256'] = webhookSignature(options.secret, body);
  const attempts = options.attempts ?? 4;
  let last = '';
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, (options.baseDelayMs ?? 1000) * 2 ** (i - 1)));
    try {
      const res = await fetch(options.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      last = `HTTP ${res.status}`;
      if (res.status < 500 && res.status !== 429) break;
    } catch (err) {
      last = (err as Error).message;
    }
  }
  // The address may hold a token of the receiver's (a Slack or Discord webhook): name only its host.
  let host = 'the webhook';
  try {
    host = new URL(options.url).host;
  } catch {
    // an unparsable URL fails fetch too; keep the generic name
  }
  options.warn(
    `the ${payload.event} webhook to ${host} was not delivered (${last}); the fix is not affected`,
  );
  return false;
}
