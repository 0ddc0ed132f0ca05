import { listJobs, readJob, readOverview, type Queryable } from '../../src/store/index.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

/** The plan's scans: `Index Scan jobs_created`, `Seq Scan outcomes (100000 rows)`. */
function scans(node: PlanNode, out: string[] = []): string[] {
  if (node['Index Name']) out.push(`${node['Node Type']} ${node['Index Name']}`);
  else if (node['Relation Name'])
    out.push(`${node['Node Type']} ${node['Relation Name']} (${node['Actual Rows']} rows)`);
  for (const p of node.Plans ?? []) scans(p, out);
  return out;
}

/**
 * Runs the dashboard's reads once through a recorder, then EXPLAIN ANALYZE on every statement they made,
 * with its parameters: each statement's server time and the indexes (or sequential scans) it used.
 */
export async function explainAll(db: Queryable, jobId: string, days: number): Promise<void> {
  const seen: Array<{ sql: string; params: unknown[] }> = [];
  const recorder: Queryable = {
    query: (sql, params) => {
      seen.push({ sql, params: params ?? [] });
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
  };
  await readOverview(recorder, { days });
  await listJobs(recorder, { repository: 'org-3/service-2' });
  await listJobs(recorder, { outcome: 'validation-failed' });
  const first = await listJobs(recorder);
  await listJobs(recorder, { cursor: first.next! });
  await readJob(recorder, jobId);
  console.log(`\nEXPLAIN ANALYZE of each statement (readOverview ${days} days, listJobs, readJob):`);
  for (const { sql, params } of seen) {
    const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      params,
    );
    const plan = rows[0]!['QUERY PLAN'][0]!;
    const first = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
    console.log(`${plan['Execution Time'].toFixed(1).padStart(7)} ms  ${first}`);
    console.log(`           ${[...new Set(scans(plan.Plan))].join('; ')}`);
  }
}
