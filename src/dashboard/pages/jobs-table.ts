import type { JobListRow } from '../../store/dashboard-types.js';
import { count, duration, shortSha, usd, when } from '../format.js';
import { pullRequestUrl } from '../github-links.js';
import { html, type Html } from '../html.js';
import { link, table, type Column } from '../table.js';
import { jobPath, jobsPath, type PageContext } from './context.js';

/** A job's outcome (or, unfinished, its state) with a class per value for its colour. */
export function outcomeBadge(job: Pick<JobListRow, 'outcome' | 'state'>): Html {
  const value = job.outcome ?? job.state;
  const known = /^[a-z-]+$/.test(value) ? `outcome outcome-${value}` : 'outcome';
  return html`<span class="${known}" data-outcome="${value}">${value}</span>`;
}

/** A title can be 256 characters: a list shows its start, the job page all of it. */
const TITLE_SHOWN = 72;

function prTitle(title: string | null): Html {
  if (!title) return html``;
  const chars = [...title]; // code points: an emoji is not cut in half
  const shown = chars.length > TITLE_SHOWN ? `${chars.slice(0, TITLE_SHOWN - 1).join('')}…` : title;
  return html` <span class="pr-title" data-field="title" title="${title}">${shown}</span>`;
}

/** The latest jobs (overview) and the jobs list: one row each, newest first, as the store gives them. */
export function jobsTable(id: string, rows: readonly JobListRow[], ctx: PageContext): Html {
  const columns: Array<Column<JobListRow>> = [
    { label: 'created', cell: (j) => when(j.created_at) },
    {
      label: 'repository',
      cell: (j) => (ctx.linkJobs ? link(jobsPath({ repository: j.repository }), j.repository) : j.repository),
    },
    {
      label: 'pull request',
      text: true,
      cell: (j) =>
        j.pr === null
          ? '–'
          : html`${link(pullRequestUrl(ctx.web, j.repository, j.pr), `#${j.pr}`)}${prTitle(j.title)}`,
    },
    { label: 'head', cell: (j) => html`<code>${shortSha(j.head_sha)}</code>` },
    { label: 'outcome', cell: outcomeBadge },
    { label: 'why', text: true, cell: (j) => j.reason ?? '' },
    { label: 'published', cell: (j) => j.published ?? '–' },
    { label: 'commits', num: true, cell: (j) => count(j.commits) },
    { label: 'cost', num: true, cell: (j) => usd(j.cost_usd) },
    { label: 'took', num: true, cell: (j) => duration(j.duration_ms) },
    {
      label: 'job',
      cell: (j) =>
        ctx.linkJobs ? link(jobPath(j.id), html`<code>${j.id}</code>`) : html`<code>${j.id}</code>`,
    },
  ];
  return table(id, columns, rows, 'No job yet.');
}
