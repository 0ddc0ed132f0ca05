import { describe, expect, it } from 'vitest';
import { makeRedactor } from './redact.js';

// Canary secrets of each shape (made up, never valid).
const CANARIES: Array<[string, string]> = [
  ['github classic', 'ghp_Zq8vC4n2Xk7Tb1Lm9Rw3Ys5Pd6Hf0Ja2Ue4Gi'],
  [
    'github fine-grained',
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN',
  ],
  ['github actions', 'ghs_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8'],
  ['anthropic', 'sk-ant-api03-Zx9Cv8Bn7Mq6Wr5Et4Yu3Io2Pa1Sd0Fg-Hj_Kl'],
  ['openai', 'sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90'],
  ['aws access key', 'AKIAIOSFODNN7EXAMPLE'],
  ['slack', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['npm', 'npm_abcdefghijklmnopqrstuvwxyz0123456789'],
];

describe('redaction', () => {
  const r = makeRedactor({});
  for (const [kind, secret] of CANARIES) {
    it(`removes a ${kind} token wherever it appears`, () => {
      const text = `step output: token=${secret}\nexport X="${secret}"`;
      const out = r.redact(text);
      expect(out).not.toContain(secret);
      expect(out).toContain('[REDACTED:');
    });
  }

  it('removes private keys, AWS secret keys, passwords in URLs and bearer headers', () => {
    const text = [
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
      '-----END OPENSSH PRIVATE KEY-----',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'git clone https://deploy:hunter2-s3cret@github.com/acme/shop.git',
      'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"',
      'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX',
    ].join('\n');
    const out = r.redact(text);
    for (const secret of [
      'b3BlbnNzaC1rZXktdjEAAAAABG5v',
      'wJalrXUtnFEMI',
      'hunter2-s3cret',
      'eyJhbGciOiJIUzI1NiJ9',
      'T000/B000',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain('https://deploy:[REDACTED:url-password]@github.com/acme/shop.git');
  });

  it('removes the values of secret-named environment variables, whatever their shape', () => {
    const env = { DATABASE_PASSWORD: 'correct-horse-battery', HOME: '/root', MY_API_KEY: 'short' };
    const out = makeRedactor(env).redact('connecting with correct-horse-battery as /root');
    expect(out).toBe('connecting with [REDACTED:DATABASE_PASSWORD] as /root');
  });

  it('leaves ordinary text alone', () => {
    const text = 'pkg/util.py:1:8: F401 `os` imported but unused\nsk-learn is a package; AKIA is a prefix';
    expect(r.redact(text)).toBe(text);
  });
});
