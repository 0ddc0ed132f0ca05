import type { Queryable } from './database.js';

/**
 * The repository's row id, created on first sight. Read first: every webhook of a repository names it,
 * and an upsert would write (and lock) its row each time, queueing concurrent deliveries behind it.
 */
export async function upsertRepository(
  tx: Queryable,
  fullName: string,
  installationId?: number,
): Promise<number> {
  const found = await tx.query<{ id: string; installation_id: string | null }>(
    'SELECT id, installation_id FROM autofix.repositories WHERE full_name = $1',
    [fullName],
  );
  const row = found.rows[0];
  if (row) {
    if (installationId !== undefined && Number(row.installation_id) !== installationId)
      await tx.query('UPDATE autofix.repositories SET installation_id = $2 WHERE id = $1', [
        row.id,
        installationId,
      ]);
    return Number(row.id);
  }
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO autofix.repositories (full_name, installation_id) VALUES ($1, $2)
     ON CONFLICT (full_name) DO UPDATE SET full_name = EXCLUDED.full_name
     RETURNING id`,
    [fullName, installationId ?? null],
  );
  return Number(rows[0]!.id);
}

/** What the service remembers per pull request: `/autofix skip` stops its jobs until `/autofix` or retry. */
export class PullRequestFlags {
  constructor(private readonly db: Queryable) {}

  async setSkipped(repo: string, pr: number, skipped: boolean): Promise<void> {
    const repoId = await upsertRepository(this.db, repo);
    await this.db.query(
      `INSERT INTO autofix.pull_requests (repository_id, number, skipped) VALUES ($1, $2, $3)
       ON CONFLICT (repository_id, number) DO UPDATE SET skipped = EXCLUDED.skipped, updated_at = now()`,
      [repoId, pr, skipped],
    );
  }

  async isSkipped(repo: string, pr: number): Promise<boolean> {
    const { rows } = await this.db.query<{ skipped: boolean }>(
      `SELECT p.skipped FROM autofix.pull_requests p JOIN autofix.repositories r ON r.id = p.repository_id
       WHERE r.full_name = $1 AND p.number = $2`,
      [repo, pr],
    );
    return rows[0]?.skipped === true;
  }
}
