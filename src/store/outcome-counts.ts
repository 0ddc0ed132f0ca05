/**
 * How finished jobs ended, counted the same way wherever a figure shows them (`stats`, the dashboard's
 * days), so that the parts always add up to the jobs finished.
 */
export interface OutcomeCounts {
  fixed: number;
  partial: number;
  not_fixable: number;
  validation_failed: number;
  nothing_to_fix: number;
  skipped: number;
  failed: number;
  /** Any outcome not listed above (none today: a newer version's, read by an older one). */
  other: number;
}

/** The outcomes a job ends with (the pipeline's PrOutcome, and the queue's `failed`), by their field. */
const OUTCOMES: Readonly<Record<Exclude<keyof OutcomeCounts, 'other'>, string>> = {
  fixed: 'fixed',
  partial: 'partial',
  not_fixable: 'not-fixable',
  validation_failed: 'validation-failed',
  nothing_to_fix: 'nothing-to-fix',
  skipped: 'skipped',
  failed: 'failed',
};

/** The outcomes a finished job can have, as stored (the dashboard's filter offers them). */
export const FINISHED_OUTCOMES: readonly string[] = Object.values(OUTCOMES);

/** The fields of OutcomeCounts, as OUTCOME_COUNTS names its columns. */
export const OUTCOME_FIELDS = [...Object.keys(OUTCOMES), 'other'] as Array<keyof OutcomeCounts>;

const listed = FINISHED_OUTCOMES.map((v) => `'${v}'`).join(', ');

/** SELECT terms counting each outcome of `o` (autofix.outcomes, NULL for a job not finished). */
export const OUTCOME_COUNTS = [
  ...Object.entries(OUTCOMES).map(
    ([field, value]) => `count(*) FILTER (WHERE o.outcome = '${value}') AS ${field}`,
  ),
  `count(*) FILTER (WHERE o.outcome NOT IN (${listed})) AS other`,
].join(',\n');

/** SELECT terms adding up counts selected with OUTCOME_COUNTS (a roll-up of groups into bigger ones). */
export const OUTCOME_SUMS = [...Object.keys(OUTCOMES), 'other']
  .map((field) => `sum(${field}) AS ${field}`)
  .join(', ');

/** A row selected with OUTCOME_COUNTS, as numbers (count() is a string from pg). */
export function outcomeCounts(row: Record<string, unknown>): OutcomeCounts {
  const counts = {} as OutcomeCounts;
  for (const field of OUTCOME_FIELDS) counts[field] = Number(row[field] ?? 0);
  return counts;
}
