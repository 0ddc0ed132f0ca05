import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_BYTES, verifySignature } from './webhook-signature.js';

const secret = "It's a Secret to Everybody";
const body = Buffer.from('Hello, World!');
const sign = (key: string, payload: Buffer) =>
  `sha256=${createHmac('sha256', key).update(payload).digest('hex')}`;

describe('verifySignature', () => {
  it("accepts GitHub's own example delivery (docs: validating webhook deliveries)", () => {
    // The secret, body and signature GitHub's documentation gives to test an implementation against.
    expect(
      verifySignature(
        secret,
        body,
        'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      ),
    ).toBe(true);
  });

  it('accepts the signature of the raw body, whatever its bytes', () => {
    const raw = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0x00, 0xff]);
    expect(verifySignature('s3cret', raw, sign('s3cret', raw))).toBe(true);
    expect(
      verifySignature('s3cret', raw, sign('s3cret', raw).toUpperCase().replace('SHA256=', 'sha256=')),
    ).toBe(true);
  });

  it('rejects a forged signature: another secret, a changed body, one changed digit', () => {
    expect(verifySignature(secret, body, sign('guessed', body))).toBe(false);
    expect(verifySignature(secret, Buffer.from('Hello, World?'), sign(secret, body))).toBe(false);
    const good = sign(secret, body);
    const last = good.at(-1) === '0' ? '1' : '0';
    expect(verifySignature(secret, body, good.slice(0, -1) + last)).toBe(false);
  });

  it('rejects missing and malformed headers', () => {
    const hex = sign(secret, body).slice('sha256='.length);
    for (const header of [
      undefined,
      '',
      'sha256=',
      hex, // no prefix
      `sha1=${hex}`,
      `SHA256=${hex}`,
      ` sha256=${hex}`,
      `sha256=${hex} `,
      `sha256=${hex}00`, // too long, though it starts with the right digest
      `sha256=${hex.slice(0, 62)}`, // too short
      `sha256=${hex.slice(0, 63)}z`,
      `sha256=${'0'.repeat(64)}`,
      'sha256=' + 'g'.repeat(64),
    ])
      expect(verifySignature(secret, body, header), String(header)).toBe(false);
  });

  it('an empty secret proves nothing, even with its own HMAC', () => {
    expect(verifySignature('', body, sign('', body))).toBe(false);
  });

  it('never throws, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 64 }), (header, bytes) => {
        expect(typeof verifySignature(secret, Buffer.from(bytes), header)).toBe('boolean');
        expect(verifySignature(secret, Buffer.from(bytes), `sha256=${header}`)).toBe(false);
      }),
    );
  });

  it("caps a body at GitHub's 25 MB", () => {
    expect(MAX_WEBHOOK_BYTES).toBe(26_214_400);
  });
});
