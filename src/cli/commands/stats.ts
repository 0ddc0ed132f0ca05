import type { Writable } from 'node:stream';
import { AutofixError } from '../../domain/index.js';
import { readStats, type Stats } from '../../store/index.js';
import { openServiceStore } from './open-store.js';
import { statsHtmlCommand } from './stats-html.js';

export interface StatsCliOptions {
  format: string;
  since?: string;
  /** Write the dashboard's overview to this file instead (stats-html.ts). */
  html?: string;
}

const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(0)}%`);
const usd = (v: number | null) => (v === null ? '-' : `$${v.toFixed(2)}`);
const secs = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);

export function statsText(s: Stats): string {
  const out: string[] = [];
  const j = s.jobs;
  // Every outcome, so that the parts add up to the jobs finished; `other` only when a value is unknown.
  const parts = `${j.fixed} fixed, ${j.partial} partial, ${j.not_fixable} not fixable, ${j.validation_failed} validation failed, ${j.nothing_to_fix} nothing to fix, ${j.skipped} skipped, ${j.failed} failed${j.other ? `, ${j.other} other` : ''}`;
  out.push(`jobs: ${j.total} (${j.finished} finished: ${parts})${s.since ? ` since ${s.since}` : ''}`);
  out.push(`success rate: ${pct(s.success_rate)} of the jobs that tried`);
  out.push(`time to fix: p50 ${secs(s.time_to_fix_ms.p50)}, p95 ${secs(s.time_to_fix_ms.p95)}`);
  out.push(`cost: ${usd(s.cost.total_usd)} in all, ${usd(s.cost.per_fix_usd)} per fix`);
  for (const d of s.cost.per_day) out.push(`  ${d.day}: ${usd(d.usd)}`);
  out.push(
    `attempts per PR: mean ${s.attempts_per_pr.mean === null ? '-' : s.attempts_per_pr.mean.toFixed(1)}, max ${s.attempts_per_pr.max}`,
  );
  const table = (title: string, rows: string[]) => {
    if (!rows.length) return;
    out.push(title);
    for (const r of rows) out.push(`  ${r}`);
  };
  table(
    'by repository:',
    s.by_repository.map((r) => `${r.repository}: ${r.fixed}/${r.jobs} jobs fixed (${pct(r.rate)})`),
  );
  table(
    'by category:',
    s.by_category.map((r) => `${r.category}: ${r.fixed}/${r.findings} findings fixed (${pct(r.rate)})`),
  );
  table(
    'by tool:',
    s.by_tool.map((r) => `${r.tool}: ${r.fixed}/${r.findings} findings fixed (${pct(r.rate)})`),
  );
  table(
    'by fixer:',
    s.by_fixer.map((r) => `${r.fixer}: ${r.kept}/${r.tried} fixes kept (${pct(r.rate)})`),
  );
  table(
    'most frequent unfixed:',
    s.top_unfixable.map((r) => `${r.count}× ${r.tool}${r.code ? ` ${r.code}` : ''}: ${r.example}`),
  );
  const x = s.reruns;
  if (x.infrastructure + x.flaky)
    out.push(
      `re-runs instead of fixes: ${x.infrastructure} for the infrastructure, ${x.flaky} flaky (${x.passed} passed, ${x.failed} failed again, ${x.waiting} running); infrastructure rate ${pct(s.infrastructure_rate)} of jobs`,
    );
  table(
    'most flaky tests:',
    s.flaky_tests.map(
      (t) =>
        `${t.repository} ${t.test}: failed ${t.failures}× on ${t.commits} commit(s), last ${t.last_seen.slice(0, 10)}`,
    ),
  );
  const m = s.memory;
  if (m.records)
    out.push(
      `fix memory: ${m.records} finding(s) tried, ${m.signatures} signature(s); ${pct(m.hit_rate)} of them had memory in their repository; ${m.replayed} fixed by replaying an accepted fix (model calls avoided), ${usd(m.cost_avoided_usd)} of model cost avoided`,
    );
  table(
    'by strategy:',
    m.by_strategy.map(
      (r) =>
        `${r.strategy}: ${r.kept}/${r.tried} kept, ${r.published} published, ${r.accepted} accepted, ${r.rejected} rejected, ${usd(r.cost_usd)}`,
    ),
  );
  return `${out.join('\n')}\n`;
}

/** `ci-autofix stats`: the service's history from its database (DATABASE_URL, else the embedded one). */
export async function statsCommand(
  options: StatsCliOptions,
  io: { stdout: Writable; env: NodeJS.ProcessEnv } = { stdout: process.stdout, env: process.env },
): Promise<number> {
  if (!['text', 'json'].includes(options.format))
    throw new AutofixError('usage', `--format must be text or json (got "${options.format}")`);
  let since: Date | undefined;
  if (options.since !== undefined) {
    const days = /^(\d+)d$/.exec(options.since);
    since = days ? new Date(Date.now() - Number(days[1]) * 86_400_000) : new Date(options.since);
    if (Number.isNaN(since.getTime()))
      throw new AutofixError(
        'usage',
        `--since must be a date (2026-11-01) or a number of days (7d) (got "${options.since}")`,
      );
  }
  if (options.html !== undefined) return statsHtmlCommand(options.html, since, io);
  const db = await openServiceStore(io.env);
  try {
    const stats = await readStats(db.reports, since ? { since } : {});
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(stats, null, 2)}\n` : statsText(stats));
    return 0;
  } finally {
    await db.close();
  }
}
