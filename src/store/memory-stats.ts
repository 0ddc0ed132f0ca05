import type { Queryable } from './database.js';
import { n, rate } from './figures.js';

/** What became of one strategy's tries: tried, kept, published, and what people did with them. */
export interface StrategyCounts {
  strategy: string;
  tried: number;
  kept: number;
  published: number;
  accepted: number;
  rejected: number;
  cost_usd: number;
}

/** The fix memory, for `stats` (issue 23). */
export interface MemoryStats {
  memory: {
    /** Findings tried (one record per finding per try) and their distinct signatures. */
    records: number;
    signatures: number;
    /** Of the records, the share whose signature the repository's memory already held (null: none). */
    hit_rate: number | null;
    /**
     * Findings fixed by replaying an accepted fix: the model calls avoided (at least one each), and what
     * the model had cost for the fixes replayed (their records' cost per finding).
     */
    replayed: number;
    cost_avoided_usd: number;
    by_strategy: StrategyCounts[];
  };
}

/** Since `since` (ISO; null: all time). */
export async function readMemoryStats(db: Queryable, since: string | null): Promise<MemoryStats> {
  const window = '($1::timestamptz IS NULL OR at >= $1)';
  const [signatures, replays, strategies] = await Promise.all([
    // The signatures counted by a DISTINCT of their own, which hashes: count(DISTINCT …) sorts them.
    db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM (SELECT DISTINCT signature FROM autofix.fix_memory WHERE ${window}) s`,
      [since],
    ),
    // A replay's commit message names the fix it applied again; its records share the replayed findings'
    // signature and code, whose accepted model fix carries the cost avoided.
    db.query<Record<string, string | number | null>>(
      `SELECT count(*) AS replayed, coalesce(sum((
         SELECT avg(o.cost_usd) FROM autofix.fix_memory o
         WHERE o.repository_id = m.repository_id AND o.signature = m.signature AND o.code_key = m.code_key
           AND o.verdict = 'accepted' AND o.edits IS NOT NULL)), 0)::float8 AS avoided
       FROM autofix.fix_memory m
       WHERE ($1::timestamptz IS NULL OR m.at >= $1) AND m.strategy LIKE 'replay:%' AND m.result <> 'failed'`,
      [since],
    ),
    // The records and the memory's hits are those of the strategies, summed: one scan for both.
    db.query<Record<string, string | number>>(
      `SELECT strategy, count(*) AS tried, count(*) FILTER (WHERE had_memory) AS hits,
         count(*) FILTER (WHERE result IN ('kept', 'published')) AS kept,
         count(*) FILTER (WHERE result = 'published') AS published,
         count(*) FILTER (WHERE verdict = 'accepted') AS accepted,
         count(*) FILTER (WHERE verdict = 'rejected') AS rejected,
         coalesce(sum(cost_usd), 0)::float8 AS cost_usd
       FROM autofix.fix_memory WHERE ${window} GROUP BY strategy ORDER BY count(*) DESC, strategy`,
      [since],
    ),
  ]);
  const rows = strategies.rows;
  const records = rows.reduce((a, r) => a + n(r.tried), 0);
  const hits = rows.reduce((a, r) => a + n(r.hits), 0);
  const replay = replays.rows[0];
  return {
    memory: {
      records,
      signatures: n(signatures.rows[0]?.n),
      hit_rate: rate(hits, records),
      replayed: n(replay?.replayed),
      cost_avoided_usd: n(replay?.avoided),
      by_strategy: rows.map((r) => ({
        strategy: String(r.strategy),
        tried: n(r.tried),
        kept: n(r.kept),
        published: n(r.published),
        accepted: n(r.accepted),
        rejected: n(r.rejected),
        cost_usd: n(r.cost_usd),
      })),
    },
  };
}
