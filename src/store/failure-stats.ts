import type { Queryable } from './database.js';
import { n } from './figures.js';

/** Failures no code change fixes, for `stats` and /metrics. */
export interface FailureStats {
  /** The most flaky tests: failures seen then passing on one commit, most first (at most 10). */
  flaky_tests: Array<{
    repository: string;
    test: string;
    failures: number;
    commits: number;
    first_seen: string;
    last_seen: string;
  }>;
  /** Runs re-run instead of fixed, by verdict, and how the re-runs ended. */
  reruns: { infrastructure: number; flaky: number; passed: number; failed: number; waiting: number };
  /** Runs re-run for the infrastructure's sake per job ci-autofix took on (null with no job). */
  infrastructure_rate: number | null;
}

/** Since `since` (ISO; null: all time); `jobs`, the jobs in that window, when the caller counted them. */
export async function readFailureStats(
  db: Queryable,
  since: string | null,
  jobs?: number,
): Promise<FailureStats> {
  jobs ??= n(
    (
      await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM autofix.jobs WHERE ($1::timestamptz IS NULL OR created_at >= $1)',
        [since],
      )
    ).rows[0]?.n,
  );
  const flaky = await db.query<Record<string, string | Date>>(
    `SELECT r.full_name AS repository, f.test, f.failures, cardinality(f.commits) AS commits,
       f.first_seen, f.last_seen
     FROM autofix.flaky_tests f JOIN autofix.repositories r ON r.id = f.repository_id
     WHERE ($1::timestamptz IS NULL OR f.last_seen >= $1)
     ORDER BY f.failures DESC, f.last_seen DESC, f.test LIMIT 10`,
    [since],
  );
  // A run re-run once counts once, however many of its jobs were re-run.
  const runs = (
    await db.query<Record<string, string>>(
      `SELECT count(*) FILTER (WHERE verdict = 'infrastructure') AS infrastructure,
         count(*) FILTER (WHERE verdict = 'flaky') AS flaky,
         count(*) FILTER (WHERE result = 'passed') AS passed,
         count(*) FILTER (WHERE result = 'failed') AS failed,
         count(*) FILTER (WHERE result IS NULL) AS waiting
       FROM (SELECT DISTINCT ON (repository_id, run_id, attempt) verdict, result FROM autofix.reruns
             WHERE ($1::timestamptz IS NULL OR requested_at >= $1)
             ORDER BY repository_id, run_id, attempt, verdict) x`,
      [since],
    )
  ).rows[0]!;
  const reruns = {
    infrastructure: n(runs.infrastructure),
    flaky: n(runs.flaky),
    passed: n(runs.passed),
    failed: n(runs.failed),
    waiting: n(runs.waiting),
  };
  return {
    flaky_tests: flaky.rows.map((r) => ({
      repository: String(r.repository),
      test: String(r.test),
      failures: n(r.failures),
      commits: n(r.commits),
      first_seen: new Date(r.first_seen!).toISOString(),
      last_seen: new Date(r.last_seen!).toISOString(),
    })),
    reruns,
    infrastructure_rate: jobs > 0 ? reruns.infrastructure / jobs : null,
  };
}
