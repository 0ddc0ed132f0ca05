/** How the pages write numbers: one place, so that the tables, the charts' captions and the file agree. */

/** A share as a whole percentage, or "–" when there is nothing to divide. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
}

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return value !== 0 && Math.abs(value) < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** A duration as people say it: 850 ms, 42 s, 3 min 5 s, 2 h 10 min. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const min = Math.round(s / 60);
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

/** A whole number with thousands separated (a fixed locale: the file must read the same anywhere). */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** An ISO time as "2026-11-02 14:05 UTC": the store's times are UTC and so are the pages'. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A commit as GitHub shortens it. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
