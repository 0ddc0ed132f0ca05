import type { Queryable } from './database.js';
import type { JobResult } from './job-types.js';

/**
 * Stores what a job achieved, once: the outcome's primary key is the job's id, so a second write (a job
 * run again after its worker was taken for dead while it was about to finish) changes nothing, and its
 * findings are stored only with the first outcome, in one statement however many there are.
 */
export async function recordOutcome(tx: Queryable, jobId: string, r: JobResult, ms = 0): Promise<void> {
  const { rows } = await tx.query(
    `INSERT INTO autofix.outcomes (job_id, outcome, reason, published, commits, cost_usd, duration_ms, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
    [
      jobId,
      r.outcome,
      r.reason ?? null,
      r.published ?? 'none',
      r.commits ?? 0,
      r.costUsd ?? 0,
      Math.round(r.durationMs ?? ms),
      r.detail === undefined ? null : JSON.stringify(r.detail),
    ],
  );
  if (!rows.length || !r.diagnostics?.length) return;
  await tx.query(
    `INSERT INTO autofix.diagnostics (job_id, tool, code, category, fixability, fixed, fixer, path, message)
     SELECT $1, d.tool, d.code, d.category, d.fixability, d.fixed, d.fixer, d.path, d.message
     FROM jsonb_to_recordset($2::jsonb) AS d(tool text, code text, category text, fixability text,
       fixed boolean, fixer text, path text, message text)`,
    [jobId, JSON.stringify(r.diagnostics)],
  );
}
