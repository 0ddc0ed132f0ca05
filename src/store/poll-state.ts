import type { Queryable } from './database.js';

export interface PollState<P, R> {
  pullsEtag?: string;
  runsEtag?: string;
  pulls: P[];
  runs: R[];
}

/**
 * The poller's memory in the store: each repository's ETags and the lists they named. A replica claims a
 * repository's poll by moving its `polled_at` forward, so replicas together poll each repository once
 * per interval and share the ETags (an unchanged repository costs no rate limit, whichever replica asks).
 */
export class PollStateStore {
  constructor(private readonly db: Queryable) {}

  /** The repository's state if its last poll is at least `intervalSeconds` old (and claims it), else undefined. */
  async claim<P, R>(repo: string, intervalSeconds: number): Promise<PollState<P, R> | undefined> {
    await this.db.query('INSERT INTO autofix.poll_state (repo) VALUES ($1) ON CONFLICT (repo) DO NOTHING', [
      repo,
    ]);
    const { rows } = await this.db.query<{
      pulls_etag: string | null;
      runs_etag: string | null;
      pulls: P[];
      runs: R[];
    }>(
      `UPDATE autofix.poll_state SET polled_at = now()
       WHERE repo = $1 AND polled_at <= now() - make_interval(secs => $2)
       RETURNING pulls_etag, runs_etag, pulls, runs`,
      [repo, Math.max(intervalSeconds - 1, 0)],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      ...(r.pulls_etag ? { pullsEtag: r.pulls_etag } : {}),
      ...(r.runs_etag ? { runsEtag: r.runs_etag } : {}),
      pulls: r.pulls,
      runs: r.runs,
    };
  }

  async save<P, R>(repo: string, s: PollState<P, R>): Promise<void> {
    await this.db.query(
      `UPDATE autofix.poll_state SET pulls_etag = $2, runs_etag = $3, pulls = $4, runs = $5 WHERE repo = $1`,
      [repo, s.pullsEtag ?? null, s.runsEtag ?? null, JSON.stringify(s.pulls), JSON.stringify(s.runs)],
    );
  }
}
