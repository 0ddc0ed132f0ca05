import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AutofixError } from '../domain/index.js';

/** Where the embedded database lives when CI_AUTOFIX_DATA_DIR does not say. */
export const DEFAULT_DATA_DIR = '.ci-autofix';

/** One query at a time; `params` are bound, never interpolated. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The service's PostgreSQL: a server (`DATABASE_URL`) shared by any number of replicas, or PGlite
 * (PostgreSQL compiled to WebAssembly, in this process, persisted to a folder) when nothing is installed.
 * The same SQL runs on both.
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction on one connection: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while this process holds the advisory lock `key` (a session lock, so `fn`'s own queries and
   * transactions may use any connection): other processes asking for it wait until `fn` ends.
   */
  exclusive<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /**
   * Where reports read (the dashboard, `stats`): on a server, a few connections of their own, read-only,
   * each statement stopped after REPORT_TIMEOUT_MS, parallel query off. They never take the queue's
   * connections, and they run their statements side by side already: on a small server a parallel
   * plan's workers only compete with them for the same cores (bench/dashboard). PGlite: itself.
   */
  readonly reports: Queryable;
  close(): Promise<void>;
}

/** Connections for reports, and how long one of their statements may run. */
export const REPORT_CONNECTIONS = 4;
export const REPORT_TIMEOUT_MS = 30_000;
/**
 * Each report's statement runs in a transaction of its own that starts so: settings that end with it,
 * whatever pooler (PgBouncer, whose transaction mode shares server connections) stands in between.
 */
const REPORT_BEGIN = `BEGIN READ ONLY; SET LOCAL statement_timeout = ${REPORT_TIMEOUT_MS};
  SET LOCAL max_parallel_workers_per_gather = 0`;

export interface DatabaseOptions {
  /** `postgres://…`; without it, PGlite in `dataDir`. */
  url?: string;
  /** PGlite's folder; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** Connections per process (server only). */
  poolSize?: number;
  /**
   * A tarball of a new, empty PGlite database (`dist/pglite-seed.tar.gz`, made by `npm run build` from
   * the installed PGlite): a first start in an empty `dataDir` loads it instead of running initdb, about
   * 1 s instead of 5. Absent or missing: initdb.
   */
  pgliteSeed?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.pgliteSeed);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: pg } = await import('pg');
  // timestamptz and numeric come back as strings by default; the store converts where it reads them.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // An idle connection that the server drops (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new AutofixError(
      'database-unreachable',
      `cannot connect to DATABASE_URL (${redactUrl(url)}): ${(err as Error).message}. Check the host, port, credentials and database name, or unset DATABASE_URL to use the embedded database`,
      'external',
    );
  }
  const reports = reportsOn(pg, url);
  const wrap = (c: { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => {
      const r = await c.query(sql, params);
      return { rows: r.rows as T[] };
    },
    exec: async (sql: string) => {
      await c.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    reports: wrap(reports),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
      inTransaction(pool, 'BEGIN', (client) => fn(wrap(client))),
    async exclusive<T>(key: number, fn: () => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        // Closing the session would release it too; unlocking keeps the pooled connection clean.
        await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
        client.release();
      }
    },
    close: async () => {
      await reports.end();
      await pool.end();
    },
  };
}

type Pool = InstanceType<typeof import('pg').default.Pool>;
type PoolClient = import('pg').PoolClient;

/** `fn` on one connection of `pool`, in a transaction `begin` starts: committed, or rolled back if it throws. */
async function inTransaction<T>(
  pool: Pool,
  begin: string,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * The connections for reports: opened on first use (a process that never reports, a worker, holds none
 * for them), each statement in a transaction of its own that starts with REPORT_BEGIN.
 */
function reportsOn(pg: typeof import('pg').default, url: string) {
  let pool: Pool | undefined;
  return {
    async query(sql: string, params?: unknown[]) {
      // An idle connection that the server drops must not crash the process (as for the service's own).
      pool ??= new pg.Pool({
        connectionString: url,
        max: REPORT_CONNECTIONS,
        connectionTimeoutMillis: 10_000,
      }).on('error', () => undefined);
      return inTransaction(pool, REPORT_BEGIN, (client) => client.query(sql, params));
    },
    end: async () => pool?.end(),
  };
}

async function openPglite(dataDir: string, seed?: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  let unlock = async () => {};
  let load: Blob | undefined;
  if (!dataDir.startsWith('memory://')) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockFolder(dataDir);
    if (seed && !existsSync(join(dataDir, 'PG_VERSION')) && existsSync(seed))
      load = new Blob([await readFile(seed)]);
  }
  let db: InstanceType<typeof PGlite>;
  try {
    db = await PGlite.create(dataDir, load ? { loadDataDir: load } : {});
  } catch (err) {
    await unlock();
    throw new AutofixError(
      'database-unreachable',
      `cannot open the embedded database in ${dataDir}: ${(err as Error).message}. Another ci-autofix process may hold it (PGlite serves one process: set DATABASE_URL to share a PostgreSQL server), or the folder is damaged`,
    );
  }
  type Tx = Pick<typeof db, 'query' | 'exec'>;
  const wrap = (c: Tx): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => {
      const r = await c.query<T>(sql, params);
      return { rows: r.rows };
    },
    exec: async (sql: string) => {
      await c.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    reports: wrap(db),
    // PGlite runs one statement at a time; a transaction holds the connection until it ends, and other
    // callers wait for it.
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    // One process holds the folder (lockFolder): there is nobody to wait for.
    exclusive: (_key, fn) => fn(),
    close: async () => {
      await db.close();
      await unlock();
    },
  };
}

/**
 * PGlite serves one process, and two opening one folder would damage it: a lock file holding the owner's
 * pid keeps a second out (`ci-autofix stats` while `serve` runs), and is taken over when that process is
 * gone (a crash).
 */
async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, 'ci-autofix.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const read = async () => Number((await readFile(file, 'utf8').catch(() => '')).trim());
      let owner = await read();
      // An empty file is another process's lock between its creation and its pid being written.
      if (!owner) owner = await new Promise((r) => setTimeout(r, 200)).then(read);
      if (owner && owner !== process.pid && alive(owner))
        throw new AutofixError(
          'database-in-use',
          `the embedded database in ${dir} is in use by process ${owner} (ci-autofix serve?): stop it first, or give both DATABASE_URL to share a PostgreSQL server`,
        );
      await rm(file, { force: true });
    }
  }
  throw new AutofixError('database-in-use', `cannot lock the embedded database in ${dir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an invalid URL)';
  }
}
