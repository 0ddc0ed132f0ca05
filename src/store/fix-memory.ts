import { STREAK, type FixMemory, type FixRecord, type MemoryShare } from '../pipeline/fix-memory.js';
import type { Acceptance } from '../pipeline/memory-order.js';
import type { Avoid, Replay } from '../pipeline/memory-types.js';
import type { Queryable } from './database.js';
import type { StrategyCounts } from './memory-stats.js';
import { upsertRepository } from './pull-requests.js';

/** A signature and strategy in one repository: what the memory knows of them. */
export interface MemoryEntry extends StrategyCounts {
  repository: string;
  signature: string;
  tool: string;
  code: string;
  language: string;
  pattern: string;
  last_at: string;
}

/** One finding of one try, as `memory show` lists it. */
export interface MemoryRow {
  repository: string;
  pr: number | null;
  head_sha: string;
  strategy: string;
  path: string | null;
  result: string;
  reason: string | null;
  commit_sha: string | null;
  verdict: string | null;
  cost_usd: number;
  at: string;
}

const SUMMARY = `
  SELECT r.full_name AS repository, m.signature, m.tool, m.code, m.language, min(m.pattern) AS pattern,
         m.strategy, count(*)::int AS tried,
         count(*) FILTER (WHERE m.result IN ('kept', 'published'))::int AS kept,
         count(*) FILTER (WHERE m.result = 'published')::int AS published,
         count(*) FILTER (WHERE m.verdict = 'accepted')::int AS accepted,
         count(*) FILTER (WHERE m.verdict = 'rejected')::int AS rejected,
         coalesce(sum(m.cost_usd), 0)::float8 AS cost_usd, max(m.at)::text AS last_at
  FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id`;
const GROUP = 'GROUP BY r.full_name, m.signature, m.tool, m.code, m.language, m.strategy';

/**
 * Whose memory a repository reads: its own, and with `memory.share: organisation` (`$2`) that of the
 * owner's other repositories that share theirs too.
 */
const SCOPE = `(r.full_name = $1 OR ($2::boolean AND r.memory_shared
  AND split_part(r.full_name, '/', 1) = split_part($1, '/', 1)))`;

/** The fix memory in the store (PostgreSQL, or the embedded PGlite). */
export class StoreFixMemory implements FixMemory {
  constructor(private readonly db: Queryable) {}

  async record(records: readonly FixRecord[]): Promise<void> {
    const byRepo = new Map<string, FixRecord[]>();
    for (const r of records) byRepo.set(r.repo, [...(byRepo.get(r.repo) ?? []), r]);
    for (const [repo, rs] of byRepo) {
      const repoId = await upsertRepository(this.db, repo);
      const rows = rs.map((r) => ({
        pr: r.pr ?? null,
        head_sha: r.headSha,
        signature: r.signature.id,
        tool: r.signature.tool,
        code: r.signature.code,
        language: r.signature.language,
        pattern: r.signature.pattern,
        strategy: r.strategy,
        path: r.path ?? null,
        code_key: r.code ?? null,
        result: r.result,
        reason: r.reason ?? null,
        commit_sha: r.commit ?? null,
        edits: r.edits?.length ? r.edits : null,
        cost_usd: r.costUsd,
        input_tokens: r.inputTokens,
        output_tokens: r.outputTokens,
        ms: r.ms,
      }));
      // One statement: the rows it adds are not visible to its own EXISTS, so had_memory is "before".
      await this.db.query(
        `INSERT INTO autofix.fix_memory (repository_id, pr, head_sha, signature, tool, code, language, pattern,
           strategy, path, code_key, result, reason, commit_sha, edits, cost_usd, input_tokens, output_tokens, ms,
           had_memory)
         SELECT $1, d.pr, d.head_sha, d.signature, d.tool, d.code, d.language, d.pattern, d.strategy, d.path,
           d.code_key, d.result, d.reason, d.commit_sha, d.edits, d.cost_usd, d.input_tokens, d.output_tokens, d.ms,
           EXISTS (SELECT 1 FROM autofix.fix_memory o WHERE o.repository_id = $1 AND o.signature = d.signature)
         FROM jsonb_to_recordset($2::jsonb) AS d(pr int, head_sha text, signature text, tool text, code text,
           language text, pattern text, strategy text, path text, code_key text, result text, reason text,
           commit_sha text, edits jsonb, cost_usd float8, input_tokens int, output_tokens int, ms int)`,
        [repoId, JSON.stringify(rows)],
      );
    }
  }

  async avoid(repo: string, share: MemoryShare = 'repository'): Promise<Avoid[]> {
    await this.share(repo, share);
    const rejected = await this.db.query<{
      signature: string;
      code_key: string;
      strategy: string;
      pr: number | null;
      commit_sha: string | null;
    }>(
      `SELECT DISTINCT ON (m.signature, m.code_key, m.strategy) m.signature, m.code_key, m.strategy, m.pr, m.commit_sha
       FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id
       WHERE ${SCOPE} AND m.verdict = 'rejected' AND m.code_key IS NOT NULL
       ORDER BY m.signature, m.code_key, m.strategy, r.full_name = $1 DESC, m.at DESC`,
      [repo, share === 'organisation'],
    );
    // One job's records of a signature and strategy are one try (they share their insert's time).
    const streaks = await this.db.query<{ signature: string; strategy: string }>(
      `SELECT signature, strategy FROM (
         SELECT signature, strategy, bool_and(result = 'failed' OR coalesce(verdict, '') = 'rejected') AS bad,
                row_number() OVER (PARTITION BY signature, strategy ORDER BY at DESC) AS n
         FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id
         WHERE r.full_name = $1 GROUP BY signature, strategy, at) t
       WHERE n <= $2 GROUP BY signature, strategy HAVING count(*) = $2 AND bool_and(bad)
       -- A strategy that ever fixed the signature here (kept, not rejected) is not given up on.
       EXCEPT
       SELECT m.signature, m.strategy FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id
       WHERE r.full_name = $1 AND m.result <> 'failed' AND coalesce(m.verdict, '') <> 'rejected'`,
      [repo, STREAK],
    );
    return [
      ...rejected.rows.map((r) => ({
        signature: r.signature,
        code: r.code_key,
        strategy: r.strategy,
        reason: `a person rejected this fix of the same code before (${r.pr !== null ? `#${r.pr}, ` : ''}${r.commit_sha ? `commit ${r.commit_sha.slice(0, 7)}` : 'a fix'})`,
      })),
      ...streaks.rows.map((r) => ({
        signature: r.signature,
        strategy: r.strategy,
        reason: `it failed or was rejected the last ${STREAK} times for this kind of finding in ${repo}, and never fixed it there (/autofix retry tries it anyway)`,
      })),
    ];
  }

  /** The newest kept or published fix commits of `repo` nobody has judged yet (at most `limit`). */
  async unjudged(repo: string, limit = 200): Promise<string[]> {
    const { rows } = await this.db.query<{ commit_sha: string }>(
      `SELECT m.commit_sha FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id
       WHERE r.full_name = $1 AND m.commit_sha IS NOT NULL AND m.verdict IS NULL AND m.result <> 'failed'
       GROUP BY m.commit_sha ORDER BY max(m.at) DESC LIMIT $2`,
      [repo, limit],
    );
    return rows.map((r) => r.commit_sha);
  }

  /** What the repository's config says of sharing, kept for the others' reads. */
  private async share(repo: string, share: MemoryShare): Promise<void> {
    const repoId = await upsertRepository(this.db, repo);
    await this.db.query(
      'UPDATE autofix.repositories SET memory_shared = $2 WHERE id = $1 AND memory_shared IS DISTINCT FROM $2',
      [repoId, share === 'organisation'],
    );
  }

  async judge(
    repo: string,
    commits: readonly string[],
    verdict: 'accepted' | 'rejected',
    reason: string,
  ): Promise<number> {
    if (!commits.length) return 0;
    return this.setVerdict('m.commit_sha = ANY($2::text[]) AND m.verdict IS DISTINCT FROM $3', [
      repo,
      [...commits],
      verdict,
      reason,
    ]);
  }

  /** People's verdicts per signature and strategy (fix commits), this repository's and the shared ones. */
  async acceptance(repo: string, share: MemoryShare = 'repository'): Promise<Acceptance[]> {
    const { rows } = await this.db.query<Acceptance>(
      `SELECT m.signature, m.strategy, r.full_name = $1 AS own,
              count(DISTINCT m.commit_sha) FILTER (WHERE m.verdict = 'accepted')::int AS accepted,
              count(DISTINCT m.commit_sha) FILTER (WHERE m.verdict = 'rejected')::int AS rejected
       FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id
       WHERE ${SCOPE} AND m.verdict IS NOT NULL AND m.commit_sha IS NOT NULL
       GROUP BY m.signature, m.strategy, r.full_name = $1 LIMIT 5000`,
      [repo, share === 'organisation'],
    );
    return rows;
  }

  /** The commits of the fixes published to a pull request that have no verdict yet. */
  async pending(repo: string, pr: number): Promise<string[]> {
    const { rows } = await this.db.query<{ commit_sha: string }>(
      `SELECT DISTINCT m.commit_sha FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id
       WHERE r.full_name = $1 AND m.pr = $2 AND m.result = 'published' AND m.verdict IS NULL
         AND m.commit_sha IS NOT NULL`,
      [repo, pr],
    );
    return rows.map((r) => r.commit_sha);
  }

  /** Every published fix of the pull request not judged yet gets `verdict`. */
  judgePr(repo: string, pr: number, verdict: 'accepted' | 'rejected', reason: string): Promise<number> {
    return this.setVerdict("m.pr = $2 AND m.result = 'published' AND m.verdict IS NULL", [
      repo,
      pr,
      verdict,
      reason,
    ]);
  }

  /** `$3` with reason `$4` on the records of repository `$1` that `where` picks; returns how many. */
  private async setVerdict(where: string, [repo, arg, verdict, reason]: [string, unknown, string, string]) {
    const { rows } = await this.db.query<{ n: number }>(
      `WITH judged AS (
         UPDATE autofix.fix_memory m SET verdict = $3, verdict_reason = $4, verdict_at = now()
         FROM autofix.repositories r
         WHERE r.id = m.repository_id AND r.full_name = $1 AND ${where}
         RETURNING 1)
       SELECT count(*)::int AS n FROM judged`,
      [repo, arg, verdict, reason.slice(0, 500)],
    );
    return rows[0]?.n ?? 0;
  }

  async replays(repo: string, share: MemoryShare = 'repository'): Promise<Replay[]> {
    await this.share(repo, share);
    const { rows } = await this.db.query<{
      signature: string;
      code_key: string;
      strategy: string;
      commit_sha: string;
      edits: Replay['edits'] | string;
    }>(
      `SELECT DISTINCT ON (m.signature, m.code_key) m.signature, m.code_key, m.strategy, m.commit_sha, m.edits
       FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id
       WHERE ${SCOPE} AND m.verdict = 'accepted' AND m.edits IS NOT NULL AND m.code_key IS NOT NULL
       ORDER BY m.signature, m.code_key, r.full_name = $1 DESC, m.at DESC LIMIT 500`,
      [repo, share === 'organisation'],
    );
    return rows.map((r) => ({
      signature: r.signature,
      code: r.code_key,
      strategy: r.strategy,
      commit: r.commit_sha,
      edits: typeof r.edits === 'string' ? (JSON.parse(r.edits) as Replay['edits']) : r.edits,
    }));
  }

  /** Per repository, signature and strategy, the newest first; `repo` narrows to one repository. */
  async list(repo?: string, limit = 200): Promise<MemoryEntry[]> {
    const { rows } = await this.db.query<MemoryEntry>(
      `${SUMMARY} WHERE ($1::text IS NULL OR r.full_name = $1) ${GROUP} ORDER BY last_at DESC LIMIT $2`,
      [repo ?? null, limit],
    );
    return rows;
  }

  /** A signature's entries and its newest rows (at most `limit`). */
  async show(
    signature: string,
    repo?: string,
    limit = 50,
  ): Promise<{ entries: MemoryEntry[]; rows: MemoryRow[] }> {
    const where = 'WHERE m.signature = $1 AND ($2::text IS NULL OR r.full_name = $2)';
    const entries = await this.db.query<MemoryEntry>(`${SUMMARY} ${where} ${GROUP} ORDER BY m.strategy`, [
      signature,
      repo ?? null,
    ]);
    const rows = await this.db.query<MemoryRow>(
      `SELECT r.full_name AS repository, m.pr, m.head_sha, m.strategy, m.path, m.result, m.reason, m.commit_sha,
              m.verdict, m.cost_usd::float8 AS cost_usd, m.at::text AS at
       FROM autofix.fix_memory m JOIN autofix.repositories r ON r.id = m.repository_id
       ${where} ORDER BY m.at DESC, m.id DESC LIMIT $3`,
      [signature, repo ?? null, limit],
    );
    return { entries: entries.rows, rows: rows.rows };
  }

  /** Deletes what matches (a signature, a repository, or both; neither: everything); returns the count. */
  async forget(o: { signature?: string; repo?: string }): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM autofix.fix_memory m USING autofix.repositories r
         WHERE r.id = m.repository_id AND ($1::text IS NULL OR m.signature = $1)
           AND ($2::text IS NULL OR r.full_name = $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [o.signature ?? null, o.repo ?? null],
    );
    return rows[0]?.n ?? 0;
  }
}
