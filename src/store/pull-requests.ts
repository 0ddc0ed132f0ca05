import type { Queryable } from './database.js';

/** The repository's row id, created on first sight. */
export async function upsertRepository(
  tx: Queryable,
  fullName: string,
  installationId?: number,
): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO autofix.repositories (full_name, installation_id) VALUES ($1, $2)
     ON CONFLICT (full_name) DO UPDATE
       SET installation_id = coalesce(EXCLUDED.installation_id, autofix.repositories.installation_id)
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
