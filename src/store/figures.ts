/**
 * A figure as the drivers give it: pg returns bigint and numeric as strings, PGlite as numbers, and an
 * aggregate over no rows as NULL.
 */

/** A count or a sum: 0 for NULL. */
export const n = (v: unknown): number => Number(v ?? 0);

/** A nullable aggregate (a percentile, an average over no rows) as a number, or null. */
export const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** a / b, or null when there is nothing to divide by. */
export const rate = (a: number, b: number): number | null => (b > 0 ? a / b : null);
