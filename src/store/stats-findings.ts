import type { Queryable } from './database.js';
import { n } from './figures.js';

/** What `stats` says of the findings and of the fixers. */
export interface FindingStats {
  /** Findings fixed per category and per tool. */
  by_category: Array<{ category: string; findings: number; fixed: number; rate: number }>;
  by_tool: Array<{ tool: string; findings: number; fixed: number; rate: number }>;
  /** Fixes kept by validation out of fixes tried. */
  by_fixer: Array<{ fixer: string; tried: number; kept: number; rate: number }>;
  top_unfixable: Array<{ tool: string; code: string | null; count: number; example: string }>;
}

/** Every query of `stats` reads jobs created since `since` ($1; NULL = all time). */
export const IN_WINDOW = `($1::timestamptz IS NULL OR j.created_at >= $1)`;
/** The same window for a finding or a fixer's try, by its job's creation time (migration 6). */
const JOB_IN_WINDOW = `($1::timestamptz IS NULL OR job_created_at >= $1)`;

/** The window's start, ISO; null for all time. */
export type Since = string | null;

/**
 * The findings in one pass over them: per category, per tool (most first), and the ten most frequent
 * unfixed (tool, code) with an example message. Grouped once by (category, tool, code), a few hundred
 * groups, then rolled up: three groupings of every finding cost twice as much.
 */
export async function findingFigures(db: Queryable, since: Since): Promise<Omit<FindingStats, 'by_fixer'>> {
  const { rows } = await db.query<Record<string, string | number | null>>(
    `SELECT CASE WHEN GROUPING(g.category) = 0 THEN 'category' WHEN GROUPING(g.code) = 0 THEN 'code'
         ELSE 'tool' END AS kind,
       g.category, g.tool, g.code, sum(g.findings) AS findings, sum(g.fixed) AS fixed,
       sum(g.unfixed) AS unfixed, min(g.example) AS example
     FROM (
       SELECT d.category, d.tool, d.code, count(*) AS findings, count(*) FILTER (WHERE d.fixed) AS fixed,
         count(*) FILTER (WHERE NOT d.fixed) AS unfixed, min(d.message) FILTER (WHERE NOT d.fixed) AS example
       FROM autofix.diagnostics d WHERE ${JOB_IN_WINDOW}
       GROUP BY d.category, d.tool, d.code) g
     GROUP BY GROUPING SETS ((g.category), (g.tool), (g.tool, g.code))
     ORDER BY kind, CASE WHEN GROUPING(g.code) = 0 THEN sum(g.unfixed) ELSE sum(g.findings) END DESC,
       g.category, g.tool, g.code`,
    [since],
  );
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  const counts = (r: Record<string, unknown>) => ({
    findings: n(r.findings),
    fixed: n(r.fixed),
    rate: n(r.fixed) / n(r.findings),
  });
  return {
    by_category: of('category').map((r) => ({ category: String(r.category), ...counts(r) })),
    by_tool: of('tool').map((r) => ({ tool: String(r.tool), ...counts(r) })),
    top_unfixable: of('code')
      .filter((r) => n(r.unfixed) > 0)
      .slice(0, 10)
      .map((r) => ({
        tool: String(r.tool),
        code: r.code === null ? null : String(r.code),
        count: n(r.unfixed),
        example: String(r.example),
      })),
  };
}

/** Fixes kept by validation out of those tried, per fixer (the outcomes' `detail.fixers`, as rows). */
export async function fixerCounts(db: Queryable, since: Since): Promise<FindingStats['by_fixer']> {
  const byFixer = await db.query<{ fixer: string; tried: string; kept: string }>(
    `SELECT f.fixer, count(*) AS tried, count(*) FILTER (WHERE f.kept) AS kept
     FROM autofix.fixer_tries f WHERE ${JOB_IN_WINDOW} GROUP BY f.fixer ORDER BY count(*) DESC, f.fixer`,
    [since],
  );
  return byFixer.rows.map((r) => ({
    fixer: r.fixer,
    tried: n(r.tried),
    kept: n(r.kept),
    rate: n(r.kept) / n(r.tried),
  }));
}
