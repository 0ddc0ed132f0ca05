import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendWebhook, type WebhookPayload } from './webhook.js';

const payload: WebhookPayload = {
  event: 'fix_pushed',
  pr_number: 7,
  branch: 'feature',
  errors: [
    { tool: 'ruff', code: 'F401', path: 'a.py', line: 1, message: 'unused', fixability: 'deterministic' },
  ],
  repository: 'octo/app',
  head_sha: 'abc',
  outcome: 'fixed',
};

/** A receiver that answers each delivery with the next status of `statuses` (then 200). */
async function receiver(statuses: number[]) {
  const got: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?key=receiver-secret`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('the AUTOFIX_WEBHOOK_URL webhook', () => {
  it('is signed with HMAC-SHA256 of the body, and retried after a 5xx until delivered', async () => {
    const r = await receiver([502, 503]);
    close = r.close;
    const warnings: string[] = [];
    const ok = await sendWebhook(payload, {
      url: r.url,
      secret: 's3cret',
      baseDelayMs: 5,
      warn: (m) => warnings.push(m),
    });
    expect(ok).toBe(true);
    expect(r.got).toHaveLength(3);
    const last = r.got[2]!;
    expect(JSON.parse(last.body)).toEqual(payload);
    const expected = Buffer.from(`sha256=${createHmac('sha256', 's3cret').update(last.body).digest('hex')}`);
    const sent = Buffer.from(String(last.headers['x-autofix-signature-256']));
    expect(sent.length === expected.length && timingSafeEqual(sent, expected)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('never throws: a 4xx is not retried, an unreachable receiver is reported, neither names the URL', async () => {
    const r = await receiver([404]);
    close = r.close;
    const warnings: string[] = [];
    expect(await sendWebhook(payload, { url: r.url, baseDelayMs: 5, warn: (m) => warnings.push(m) })).toBe(
      false,
    );
    expect(r.got).toHaveLength(1);
    expect(r.got[0]!.headers['x-autofix-signature-256']).toBeUndefined();
    const dead = 'http://127.0.0.1:9/hook?key=receiver-secret';
    expect(
      await sendWebhook(payload, { url: dead, attempts: 2, baseDelayMs: 5, warn: (m) => warnings.push(m) }),
    ).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toContain('not delivered');
    expect(warnings.join('\n')).not.toContain('receiver-secret');
  });
});
