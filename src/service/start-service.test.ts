import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/databases.js';
import { deliver } from '../../test/helpers/serve-process.js';
import { openDatabase, withSchemaLock } from '../store/index.js';
import { createLogger } from './logger.js';
import { startService } from './service.js';

const SECRET = 'start-service-test-secret-0123456789';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * A replica that starts while another migrates (or a long migration): its process is alive, so the
 * liveness probe must not kill it, and a webhook that arrives meanwhile must not be lost.
 */
describe('startService while another replica holds the schema lock', () => {
  it('answers /healthz at once, /readyz "starting", and holds a webhook until it can store it', async () => {
    const t = await createTestDatabase('postgres', { migrate: false });
    const other = await openDatabase({ url: t.url!, dataDir: '' });
    let release!: () => void;
    const locked = new Promise<void>((held) => {
      void withSchemaLock(other, () => {
        held();
        return new Promise<void>((r) => (release = r));
      });
    });
    await locked;
    const port = await freePort();
    const log = createLogger({
      level: 'silent',
      secrets: [],
      destination: new Writable({ write: (_c, _e, d) => d() }),
    });
    const starting = startService({
      port,
      host: '127.0.0.1',
      databaseUrl: t.url!,
      dataDir: '',
      webhookSecret: SECRET,
      concurrency: 1,
      log,
      worker: () => ({
        findPr: () => Promise.reject(new Error('no jobs here')),
        forge: () => Promise.reject(new Error('no jobs here')),
        runPr: () => Promise.reject(new Error('no jobs here')),
      }),
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      // The server listens before the database is ready: poll until it accepts connections.
      let health: Response | undefined;
      while (!health) health = await fetch(`${url}/healthz`).catch(() => undefined);
      expect(health.status).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([503, { status: 'starting' }]);
      let answered = false;
      const hook = deliver(url, 'ping', { zen: 'Keep it logically awesome.' }, SECRET).then((r) => {
        answered = true;
        return r;
      });
      // Still migrating (the lock is held): the webhook waits, nothing answered it yet.
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      expect(answered).toBe(false);

      release();
      const service = await starting;
      expect((await hook).status).toBe(202);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      await service.stop();
    } finally {
      release();
      await starting.then((s) => s.stop()).catch(() => undefined);
      await other.close();
      await t.drop();
    }
  });
});
