import type { Queryable } from './database.js';
import type { JobResult } from './job-types.js';

/**
 * Stores what a job achieved, once: the outcome's primary key is the job's id, so a second write (a job
 * run again after its worker was taken for dead while it was about to finish) changes nothing, and its
 * findings (and its fixers' tries) are stored only with the first outcome, in one statement however many
 * there are.
 */
export async function recordOutcome(tx: Queryable, jobId: string, r: JobResult, ms = 0): Promise<void> {
  const { rows } = await tx.query(
    `INSERT INTO autofix.outcomes (job_id, outcome, reason, published, commits, cost_usd, duration_ms, detail,
       input_tokens, output_tokens)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
    [
      jobId,
      r.outcome,
      r.reason ?? null,
      r.published ?? 'none',
      r.commits ?? 0,
      r.costUsd ?? 0,
      Math.round(r.durationMs ?? ms),
      r.detail === undefined ? null : JSON.stringify(r.detail),
      r.inputTokens ?? 0,
      r.outputTokens ?? 0,
    ],
  );
  if (!rows.length) return;
  // Each fixer's try again as rows (fixer_tries), so that stats need not read every outcome's detail.
  const fixers = (r.detail as { fixers?: unknown } | undefined)?.fixers;
  if (Array.isArray(fixers) && fixers.length)
    await tx.query(
      `INSERT INTO autofix.fixer_tries (job_id, fixer, kept, job_created_at)
       SELECT $1, f->>'fixer', CASE WHEN jsonb_typeof(f->'kept') = 'boolean' THEN (f->'kept')::boolean END,
         (SELECT created_at FROM autofix.jobs WHERE id = $1)
       FROM jsonb_array_elements($2::jsonb) AS f`,
      [jobId, JSON.stringify(fixers)],
    );
  if (!r.diagnostics?.length) return;
  await tx.query(
    `INSERT INTO autofix.diagnostics (job_id, tool, code, category, fixability, fixed, fixer, path, message,
       job_created_at)
     SELECT $1, d.tool, d.code, d.category, d.fixability, d.fixed, d.fixer, d.path, d.message,
       (SELECT created_at FROM autofix.jobs WHERE id = $1)
     FROM jsonb_to_recordset($2::jsonb) AS d(tool text, code text, category text, fixability text,
       fixed boolean, fixer text, path text, message text)`,
    [jobId, JSON.stringify(r.diagnostics)],
  );
}
