import type { FailureMemory, RerunRecord } from '../pipeline/failure-memory.js';
import type { Queryable } from './database.js';
import { upsertRepository } from './pull-requests.js';

const MAX_COMMITS = 20;

/**
 * The service's memory of failures no code change fixes: re-runs until GitHub says how they ended, and
 * each repository's flaky tests (seen failing, then passing, on one commit).
 */
export class StoreFailureMemory implements FailureMemory {
  constructor(private readonly db: Queryable) {}

  async knownFlaky(repo: string, tests: string[]): Promise<Set<string>> {
    const { rows } = await this.db.query<{ test: string }>(
      `SELECT f.test FROM autofix.flaky_tests f JOIN autofix.repositories r ON r.id = f.repository_id
       WHERE r.full_name = $1 AND f.test = ANY($2::text[])`,
      [repo, tests],
    );
    return new Set(rows.map((r) => r.test));
  }

  async flakySeen(repo: string, headSha: string, tests: string[]): Promise<void> {
    if (!tests.length) return;
    const repoId = await upsertRepository(this.db, repo);
    await this.db.query(
      `INSERT INTO autofix.flaky_tests (repository_id, test, commits)
       SELECT $1, t, ARRAY[$3::text] FROM unnest($2::text[]) AS t
       ON CONFLICT (repository_id, test) DO UPDATE SET
         last_seen = now(),
         failures = autofix.flaky_tests.failures + 1,
         -- the commit moved to the end; the last '${MAX_COMMITS}' kept
         commits = (array_remove(autofix.flaky_tests.commits, $3::text) || $3::text)[greatest(1, cardinality(array_remove(autofix.flaky_tests.commits, $3::text)) + 2 - ${MAX_COMMITS}):]`,
      [repoId, [...new Set(tests)], headSha],
    );
  }

  async rerunRequested(r: RerunRecord): Promise<void> {
    const repoId = await upsertRepository(this.db, r.repo);
    for (const j of r.jobs)
      await this.db.query(
        `INSERT INTO autofix.reruns (repository_id, run_id, attempt, job, head_sha, verdict, reason, tests)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [repoId, r.runId, r.attempt, j.name, r.headSha, j.verdict, j.reason, j.tests],
      );
  }

  /**
   * A run completed: the re-runs asked for it end. Passed, the flaky tests in them are remembered (they
   * failed and then passed on one commit); failed, the next job treats the failure as the change's.
   * Returns how many re-runs ended.
   */
  async rerunFinished(repo: string, runId: number, passed: boolean): Promise<number> {
    const { rows } = await this.db.query<{ head_sha: string; verdict: string; tests: string[] }>(
      `UPDATE autofix.reruns x SET result = $3, finished_at = now()
       FROM autofix.repositories r
       WHERE r.id = x.repository_id AND r.full_name = $1 AND x.run_id = $2 AND x.result IS NULL
       RETURNING x.head_sha, x.verdict, x.tests`,
      [repo, runId, passed ? 'passed' : 'failed'],
    );
    if (passed)
      for (const row of rows)
        if (row.verdict === 'flaky' && row.tests.length) await this.flakySeen(repo, row.head_sha, row.tests);
    return rows.length;
  }
}
