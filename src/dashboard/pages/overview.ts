import { MAX_DAYS, type DashboardOverview } from '../../store/index.js';
import { figureData, figures } from '../charts.js';
import { count, duration, percent, usd } from '../format.js';
import { html, type Html } from '../html.js';
import type { Page } from '../layout.js';
import { attr, cards, table } from '../table.js';
import { jobsPath, type PageContext } from './context.js';
import { jobsTable } from './jobs-table.js';

/** The windows offered above the figures, as far as the store keeps days (MAX_DAYS). */
const WINDOWS = [7, 30, 90].filter((n) => n <= MAX_DAYS);

/** What ci-autofix did, at a glance: the dashboard's first page and `stats --html`'s file. */
export function overviewPage(o: DashboardOverview, ctx: PageContext): Page {
  const s = o.stats;
  const body = html`<h1>
      What ci-autofix did${s.since ? html` <small class="muted">since ${s.since.slice(0, 10)}</small>` : ''}
    </h1>
    ${ctx.linkJobs ? windowChoice(ctx.days) : ''}
    ${cards([
      ['jobs', 'jobs', count(s.jobs.total)],
      ['success_rate', 'success rate', percent(s.success_rate)],
      ['fixed', 'fixed', count(s.jobs.fixed)],
      ['partial', 'partly fixed', count(s.jobs.partial)],
      ['not_fixable', 'not fixable', count(s.jobs.not_fixable)],
      ['failed', 'failed', count(s.jobs.failed)],
      ['time_to_green_p50', 'time to green, p50', duration(s.time_to_fix_ms.p50)],
      ['time_to_green_p95', 'time to green, p95', duration(s.time_to_fix_ms.p95)],
      ['cost', 'cost', usd(s.cost.total_usd)],
      ['cost_per_fix', 'cost per fix', usd(s.cost.per_fix_usd)],
      ['memory_hit_rate', 'fix memory hit rate', percent(s.memory.hit_rate)],
    ])}
    <h2>Over the last ${ctx.days} days</h2>
    ${figures(o.days)}
    <h2>Latest jobs</h2>
    ${jobsTable('latest_jobs', o.latest.rows, ctx)}
    ${ctx.linkJobs && o.latest.next ? html`<p><a href="${jobsPath({ cursor: o.latest.next })}">More jobs</a></p>` : ''}
    <h2>Most frequent findings left unfixed</h2>
    ${table(
      'top_unfixable',
      [
        { label: 'times', num: true, cell: (r) => count(r.count) },
        { label: 'tool', cell: (r) => r.tool },
        { label: 'code', cell: (r) => (r.code ? html`<code>${r.code}</code>` : '–') },
        { label: 'example', text: true, cell: (r) => r.example },
      ],
      s.top_unfixable,
      'Nothing left unfixed.',
    )}`;
  return { title: 'Overview', section: 'overview', body, figures: figureData(o.days) };
}

function windowChoice(days: number): Html {
  const choice = (n: number) =>
    html`<a href="/dashboard?days=${n}" ${attr('aria-current', n === days ? 'true' : undefined)}
      >${n} days</a
    > `;
  return html`<p class="muted" data-choice="window">Window: ${WINDOWS.map(choice)}</p>`;
}
