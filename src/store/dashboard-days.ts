import type { DayRow } from './job-figures.js';

/** The most days the overview's series holds (the window may be longer: its first days are left out). */
export const MAX_DAYS = 90;

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A day without jobs: zero everywhere, no rate or time. */
function emptyDay(day: string): DayRow {
  return {
    day,
    jobs: 0,
    finished: 0,
    fixed: 0,
    partial: 0,
    not_fixable: 0,
    validation_failed: 0,
    nothing_to_fix: 0,
    skipped: 0,
    failed: 0,
    other: 0,
    success_rate: null,
    time_to_fix_p50_ms: null,
    time_to_fix_p95_ms: null,
    cost_usd: 0,
    input_tokens: 0,
    output_tokens: 0,
  };
}

/**
 * One row per UTC day from `since`'s day to `today` (YYYY-MM-DD), the last MAX_DAYS at most: the days
 * that had jobs as counted, the others empty.
 */
export function daySeries(counted: DayRow[], since: Date, today: string): DayRow[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  const start = Math.max(Date.parse(`${dayOf(since.getTime())}T00:00:00Z`), end - (MAX_DAYS - 1) * DAY_MS);
  const byDay = new Map(counted.map((d) => [d.day, d]));
  const series: DayRow[] = [];
  for (let t = start; t <= end; t += DAY_MS) series.push(byDay.get(dayOf(t)) ?? emptyDay(dayOf(t)));
  return series;
}
