import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('the service log', () => {
  it('is JSON lines with the level by name, and removes secrets by field and by value', async () => {
    const { lines, destination } = capture();
    const secret = 'ghs_abcdefghijklmnop1234';
    const log = createLogger({ level: 'info', secrets: [secret], destination });
    log.info({ repo: 'octo/app', token: 'anything-in-a-token-field' }, 'job started');
    // A secret inside an error message (a URL with a credential, an echoed header) and deep in a field.
    log.error(
      {
        err: new Error(`git push failed: https://x:${secret}@github.com`),
        nested: { a: { b: `Bearer ${secret}` } },
      },
      'push failed',
    );
    log.child({ job: '1' }).warn(`with ${secret} in the message`);
    log.debug('not at info');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(3);
    const text = lines.join('\n');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('anything-in-a-token-field');
    const [first, second, third] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 'info', msg: 'job started', repo: 'octo/app', token: '[redacted]' });
    expect(second).toMatchObject({ level: 'error', msg: 'push failed' });
    expect(JSON.stringify(second)).toContain('https://x:[redacted]@github.com');
    expect(third).toMatchObject({ level: 'warn', job: '1', msg: 'with [redacted] in the message' });
  });
});
