import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pgliteSeed } from '../../src/compose/version.js';
import { openDatabase, type Database, type FixRequest } from '../../src/store/index.js';
import { copyPgliteTemplate, databaseUrl, postgresTemplate } from './template-databases.js';

/**
 * The store's tests run on both backends: PGlite (the embedded default) and the PostgreSQL server that
 * `.ci/run` starts (TEST_DATABASE_URL, else 127.0.0.1:5432 with trust auth). Each test gets a database of
 * its own, dropped afterwards: a copy of a migrated one (test/helpers/template-databases.ts), or with
 * `migrate: false` an empty one.
 */
export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  /** For a second process or a reopen: the URL (server) or the folder (PGlite). */
  url?: string;
  dataDir: string;
  reopen(): Promise<Database>;
  drop(): Promise<void>;
}

export const backends = ['pglite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

export async function createTestDatabase(
  kind: Backend,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ci-autofix-db-'));
  let url: string | undefined;
  if (kind === 'postgres') {
    const name = `autofix_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    try {
      await admin.connect();
    } catch (err) {
      throw new Error(
        `PostgreSQL is not reachable at ${SERVER_URL} (${(err as Error).message}): .ci/run starts it (pg_ctlcluster … main start), or set TEST_DATABASE_URL`,
        { cause: err },
      );
    }
    const template = options.migrate === false ? '' : ` TEMPLATE ${await postgresTemplate(SERVER_URL)}`;
    await admin.query(`CREATE DATABASE ${name}${template}`);
    await admin.end();
    url = databaseUrl(SERVER_URL, name);
  } else if (options.migrate !== false) await copyPgliteTemplate(dataDir);
  // An empty PGlite folder starts from the build's seed, as `serve` does (no initdb: ~1 s instead of 5).
  const open = () =>
    openDatabase({ ...(url ? { url } : {}), dataDir, poolSize: 5, pgliteSeed: pgliteSeed() });
  const db = await open();
  return {
    db,
    ...(url ? { url } : {}),
    dataDir,
    reopen: open,
    drop: async () => {
      await db.close().catch(() => undefined);
      if (url) {
        const admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
        await admin.end();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fix job's request for PR octo/app#1 at one head, for the store's tests; `over` changes what a test needs. */
export const fixRequest = (over: Partial<FixRequest> = {}): FixRequest => ({
  kind: 'fix',
  repo: 'octo/app',
  pr: 1,
  headSha: 'a'.repeat(40),
  headRepo: 'octo/app',
  headBranch: 'feature',
  trigger: 'suite:1',
  source: 'webhook',
  ...over,
});
