import { gunzipSync, gzipSync } from 'node:zlib';
import type { BaselineCache, BaselineKey } from '../pipeline/fetch-baselines.js';
import type { Queryable } from './database.js';
import { upsertRepository } from './pull-requests.js';

/** Commits kept per job: the base branch moves on, and only its newest passing run is read. */
const KEEP = 3;

/** Passing job logs in the service's store, gzipped, shared by every replica. */
export class PgBaselineCache implements BaselineCache {
  constructor(private readonly db: Queryable) {}

  async get(k: BaselineKey): Promise<Buffer | undefined> {
    const { rows } = await this.db.query<{ log: Buffer }>(
      `SELECT b.log FROM autofix.baselines b JOIN autofix.repositories r ON r.id = b.repository_id
       WHERE r.full_name = $1 AND b.workflow = $2 AND b.job = $3 AND b.commit_sha = $4`,
      [k.repo, String(k.workflow), k.job, k.commit],
    );
    return rows[0] ? gunzipSync(Buffer.from(rows[0].log)) : undefined;
  }

  async put(k: BaselineKey, log: Buffer): Promise<void> {
    const repoId = await upsertRepository(this.db, k.repo);
    await this.db.query(
      `INSERT INTO autofix.baselines (repository_id, workflow, job, commit_sha, log) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (repository_id, workflow, job, commit_sha) DO UPDATE SET log = EXCLUDED.log, fetched_at = now()`,
      [repoId, String(k.workflow), k.job, k.commit, gzipSync(log)],
    );
    await this.db.query(
      `DELETE FROM autofix.baselines WHERE repository_id = $1 AND workflow = $2 AND job = $3
         AND commit_sha NOT IN (SELECT commit_sha FROM autofix.baselines
           WHERE repository_id = $1 AND workflow = $2 AND job = $3 ORDER BY fetched_at DESC LIMIT ${KEEP})`,
      [repoId, String(k.workflow), k.job],
    );
  }
}
