import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js';
import type { BaselineKey } from '../pipeline/fetch-baselines.js';
import { baselineFileName, FileBaselineCache } from './file-baseline-cache.js';
import { PgBaselineCache } from './pg-baseline-cache.js';

const key = (commit: string, job = 'test / py3.12'): BaselineKey => ({
  repo: 'octo/r',
  workflow: 7,
  job,
  commit,
});
const log = (n: number) => Buffer.from(`passing log ${n}\n`.repeat(1000));

describe('the CLI keeps passing logs in its state folder', () => {
  it('returns what it kept, per key; a torn file is a miss; the oldest go past 100', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ci-autofix-baselines-')), 'baselines');
    const cache = new FileBaselineCache(dir);
    expect(await cache.get(key('a'))).toBeUndefined();
    await cache.put(key('a'), log(1));
    expect(await cache.get(key('a'))).toEqual(log(1));
    expect(await cache.get(key('a', 'lint'))).toBeUndefined();
    writeFileSync(join(dir, baselineFileName(key('b'))), 'not gzip');
    expect(await cache.get(key('b'))).toBeUndefined();
    for (let i = 0; i < 105; i++) await cache.put(key(`c${i}`), log(i));
    expect(readdirSync(dir).filter((f) => f.endsWith('.log.gz'))).toHaveLength(100);
    expect(await cache.get(key('c104'))).toEqual(log(104));
  });
});

describe.each(backends)('the service keeps passing logs in its store on %s', (backend) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it('per repository, workflow, job and commit; the newest three commits of a job', async () => {
    t = await createTestDatabase(backend);
    const cache = new PgBaselineCache(t.db);
    expect(await cache.get(key('a'))).toBeUndefined();
    for (const c of ['a', 'b', 'c', 'd']) await cache.put(key(c), log(c.charCodeAt(0)));
    await cache.put(key('a', 'lint'), log(0));
    expect(await cache.get(key('a'))).toBeUndefined();
    expect(await cache.get(key('d'))).toEqual(log('d'.charCodeAt(0)));
    expect(await cache.get(key('a', 'lint'))).toEqual(log(0));
  });
});
