import type { SpendEntry, SpendLedger } from '../pipeline/index.js';
import type { Queryable } from './database.js';

/**
 * Model spending in the service's database, so that every replica sees the same per-PR and per-day totals
 * (the CLI keeps the same entries in a file: file-spend-ledger.ts).
 */
export class PgSpendLedger implements SpendLedger {
  constructor(private readonly db: Queryable) {}

  async total(filter: { since?: Date; key?: string }): Promise<number> {
    const { rows } = await this.db.query<{ usd: number | string | null }>(
      `SELECT coalesce(sum(usd), 0) AS usd FROM autofix.spend
       WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::text IS NULL OR key = $2)`,
      [filter.since?.toISOString() ?? null, filter.key ?? null],
    );
    return Number(rows[0]?.usd ?? 0);
  }

  async record(e: SpendEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO autofix.spend (at, key, usd, model, requests, input_tokens, output_tokens)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.at, e.key, e.usd, e.model, e.requests, e.input_tokens, e.output_tokens],
    );
  }
}
