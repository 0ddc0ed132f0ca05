import type { Stats } from '../../store/stats.js';
import { count, percent, usd, when } from '../format.js';
import { html } from '../html.js';
import type { Page } from '../layout.js';
import { cards, link, rateCell, table } from '../table.js';
import { jobsPath, type PageContext } from './context.js';

/**
 * The sections that break `stats` down: by repository; by category, tool and fixer; the failures no
 * code change fixes (flaky tests, the infrastructure); the fix memory. Same figures as `ci-autofix stats`.
 */

const since = (s: Stats) =>
  s.since ? html` <small class="muted">since ${s.since.slice(0, 10)}</small>` : '';

export function repositoriesPage(s: Stats, ctx: PageContext): Page {
  const body = html`<h1>Repositories${since(s)}</h1>
    ${table(
      'by_repository',
      [
        {
          label: 'repository',
          cell: (r) =>
            ctx.linkJobs ? link(jobsPath({ repository: r.repository }), r.repository) : r.repository,
        },
        { label: 'jobs', num: true, cell: (r) => count(r.jobs) },
        { label: 'fixed', num: true, cell: (r) => count(r.fixed) },
        { label: 'success rate', cell: (r) => rateCell(r.rate, `success rate of ${r.repository}`) },
      ],
      s.by_repository,
      'No job yet.',
    )}`;
  return { title: 'Repositories', section: 'repositories', body };
}

/** Findings of one category or tool: how many, how many fixed. */
interface FindingsRow {
  key: string;
  findings: number;
  fixed: number;
  rate: number;
}

function findingsTable(id: string, keyLabel: string, rows: FindingsRow[]) {
  return table(
    id,
    [
      { label: keyLabel, cell: (r) => r.key },
      { label: 'findings', num: true, cell: (r) => count(r.findings) },
      { label: 'fixed', num: true, cell: (r) => count(r.fixed) },
      { label: 'fixed share', cell: (r) => rateCell(r.rate, `findings fixed of ${keyLabel} ${r.key}`) },
    ],
    rows,
    'No finding yet.',
  );
}

export function toolsPage(s: Stats): Page {
  const body = html`<h1>Categories, tools and fixers${since(s)}</h1>
    <h2>By category</h2>
    ${findingsTable(
      'by_category',
      'category',
      s.by_category.map(({ category, ...r }) => ({ key: category, ...r })),
    )}
    <h2>By tool</h2>
    ${findingsTable(
      'by_tool',
      'tool',
      s.by_tool.map(({ tool, ...r }) => ({ key: tool, ...r })),
    )}
    <h2>By fixer</h2>
    <p class="muted">Fixes kept by validation, of the fixes tried.</p>
    ${table(
      'by_fixer',
      [
        { label: 'fixer', cell: (r) => r.fixer },
        { label: 'tried', num: true, cell: (r) => count(r.tried) },
        { label: 'kept', num: true, cell: (r) => count(r.kept) },
        { label: 'kept share', cell: (r) => rateCell(r.rate, `fixes kept of ${r.fixer}`) },
      ],
      s.by_fixer,
      'No fix tried yet.',
    )}`;
  return { title: 'Categories, tools, fixers', section: 'tools', body };
}

export function failuresPage(s: Stats): Page {
  const r = s.reruns;
  const body = html`<h1>Flaky tests and the infrastructure${since(s)}</h1>
    <p class="muted">Failures no code change fixes: their runs are re-run instead.</p>
    ${cards([
      ['reruns_infrastructure', 'runs re-run for the infrastructure', count(r.infrastructure)],
      ['reruns_flaky', 'runs re-run as flaky', count(r.flaky)],
      ['reruns_passed', 'passed when re-run', count(r.passed)],
      ['reruns_failed', 'failed again', count(r.failed)],
      ['reruns_waiting', 'still running', count(r.waiting)],
      ['infrastructure_rate', 'infrastructure re-runs per job', percent(s.infrastructure_rate)],
    ])}
    <h2>The most flaky tests</h2>
    ${table(
      'flaky_tests',
      [
        { label: 'repository', cell: (t) => t.repository },
        { label: 'test', text: true, cell: (t) => html`<code>${t.test}</code>` },
        { label: 'failures', num: true, cell: (t) => count(t.failures) },
        { label: 'commits', num: true, cell: (t) => count(t.commits) },
        { label: 'first seen', cell: (t) => when(t.first_seen) },
        { label: 'last seen', cell: (t) => when(t.last_seen) },
      ],
      s.flaky_tests,
      'No flaky test seen.',
    )}`;
  return { title: 'Flaky & infrastructure', section: 'failures', body };
}

export function memoryPage(s: Stats): Page {
  const m = s.memory;
  const acceptance = (a: number, r: number) => (a + r > 0 ? a / (a + r) : null);
  const body = html`<h1>The fix memory${since(s)}</h1>
    ${cards([
      ['memory_records', 'findings tried', count(m.records)],
      ['memory_signatures', 'signatures', count(m.signatures)],
      ['memory_hit_rate', 'hit rate', percent(m.hit_rate)],
      ['memory_replayed', 'fixed by replay', count(m.replayed)],
      ['memory_cost_avoided', 'model cost avoided', usd(m.cost_avoided_usd)],
    ])}
    <p class="muted">
      Hit rate: the share of findings whose signature the repository’s memory already held. Acceptance:
      accepted (merged) of the published fixes people judged.
    </p>
    <h2>By strategy</h2>
    ${table(
      'by_strategy',
      [
        { label: 'strategy', cell: (r) => html`<code>${r.strategy}</code>` },
        { label: 'tried', num: true, cell: (r) => count(r.tried) },
        { label: 'kept', num: true, cell: (r) => count(r.kept) },
        { label: 'published', num: true, cell: (r) => count(r.published) },
        { label: 'accepted', num: true, cell: (r) => count(r.accepted) },
        { label: 'rejected', num: true, cell: (r) => count(r.rejected) },
        {
          label: 'acceptance',
          cell: (r) => rateCell(acceptance(r.accepted, r.rejected), `acceptance of ${r.strategy}`),
        },
        { label: 'cost', num: true, cell: (r) => usd(r.cost_usd) },
      ],
      m.by_strategy,
      'The memory is empty.',
    )}`;
  return { title: 'Fix memory', section: 'memory', body };
}
