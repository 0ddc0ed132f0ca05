import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pgliteSeed } from '../../src/compose/version.js';
import { migrate, migrations, openDatabase, type Database } from '../../src/store/index.js';
import { JobQueue } from '../../src/store/job-queue.js';
import { repoRoot } from './cli.js';

/**
 * Migrated databases to copy, made once and kept while nothing they depend on changes: the store's
 * migrations and the queue's schema (pg-boss's tables and its queue) cost a test ~1 s on PGlite and
 * ~0.5 s on PostgreSQL when applied each time. Named after a hash of the migrations and of the versions
 * of pg-boss and PGlite, so a change to any of them makes a new one.
 */
const version = (pkg: string) =>
  (
    JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
const schemaHash = createHash('sha256')
  .update(JSON.stringify(migrations))
  .update(version('pg-boss'))
  .update(version('@electric-sql/pglite'))
  .digest('hex')
  .slice(0, 12);

/** The store's schema and the queue's, applied as a replica's first start does. */
async function migrateAll(db: Database): Promise<void> {
  await migrate(db);
  await (await JobQueue.open(db)).stop(0);
}

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

let pgTemplate: Promise<string> | undefined;
let pgliteTemplate: Promise<string> | undefined;

/**
 * The name of a migrated PostgreSQL database for `CREATE DATABASE … TEMPLATE`. Built under an advisory
 * lock (workers start together) under a temporary name, renamed once complete: a template that exists
 * is whole.
 */
export function postgresTemplate(serverUrl: string): Promise<string> {
  pgTemplate ??= (async () => {
    const name = `autofix_template_${schemaHash}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return name;
      const building = `${name}_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      try {
        const db = await openDatabase({ url: databaseUrl(serverUrl, building), dataDir: '' });
        try {
          await migrateAll(db);
        } finally {
          await db.close();
        }
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        throw err;
      }
      return name;
    } finally {
      await admin.end();
    }
  })();
  return pgTemplate;
}

/** A migrated PGlite folder to copy: built in a folder of its own, renamed into place once closed. */
function pgliteFolder(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const folder = join(tmpdir(), `ci-autofix-pglite-template-${schemaHash}`);
    if (existsSync(join(folder, 'PG_VERSION'))) return folder;
    const building = await mkdtemp(`${folder}-`);
    const db = await openDatabase({ dataDir: building, poolSize: 5, pgliteSeed: pgliteSeed() });
    try {
      await migrateAll(db);
    } finally {
      await db.close();
    }
    // Another worker may have finished first: its folder is as good as this one.
    await rename(building, folder).catch(() => rm(building, { recursive: true, force: true }));
    return folder;
  })();
  return pgliteTemplate;
}

/** Fills the empty folder `dataDir` with a copy of the migrated PGlite database. */
export async function copyPgliteTemplate(dataDir: string): Promise<void> {
  await cp(await pgliteFolder(), dataDir, { recursive: true });
}
