import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * GitHub caps webhook payloads at 25 MB and does not deliver larger ones
 * (docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap): a body past this is not GitHub's.
 */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const PREFIX = 'sha256=';
/** SHA-256 is 32 bytes, 64 hex digits. */
const DIGEST_BYTES = 32;

/**
 * Whether `header` (`X-Hub-Signature-256`: `sha256=<hex HMAC-SHA256 of the raw body>`) proves that the
 * body was sent by someone holding `secret`. The digests are compared in constant time over buffers of the
 * same fixed length, whatever the header holds after its prefix; a missing or malformed header, or an
 * empty secret (which would prove nothing), is false.
 */
export function verifySignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (typeof secret !== 'string' || secret === '' || !Buffer.isBuffer(body)) return false;
  if (typeof header !== 'string' || !header.startsWith(PREFIX)) return false;
  const hex = header.slice(PREFIX.length);
  const expected = createHmac('sha256', secret).update(body).digest();
  // Decode into a buffer of the digest's length whatever the header's length: a short or non-hex value
  // leaves zeros, so the comparison below always runs over equal lengths, and its shape is checked apart.
  const given = Buffer.alloc(DIGEST_BYTES);
  given.write(hex.slice(0, DIGEST_BYTES * 2), 'hex');
  const same = timingSafeEqual(given, expected);
  const wellFormed = /^[0-9a-fA-F]{64}$/.test(hex);
  return same && wellFormed;
}
