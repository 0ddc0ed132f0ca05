import type { JobListRow, Page as Keyset } from '../../store/dashboard-types.js';
import { FINISHED_OUTCOMES } from '../../store/index.js';
import { html } from '../html.js';
import type { Page } from '../layout.js';
import { attr } from '../table.js';
import { jobsPath, type PageContext } from './context.js';
import { jobsTable } from './jobs-table.js';

export interface JobsFilter {
  repository?: string;
  outcome?: string;
  cursor?: string;
}

/** Every job, newest first, a page at a time: the next page starts after the last row (a keyset cursor). */
export function jobsPage(page: Keyset<JobListRow>, filter: JobsFilter, ctx: PageContext): Page {
  const { cursor, ...kept } = filter;
  const body = html`<h1>Jobs</h1>
    <form class="filters" method="get" action="/dashboard/jobs" role="search">
      <label
        >Repository
        <input type="text" name="repository" placeholder="owner/name" ${attr('value', filter.repository)}
      /></label>
      <label
        >Outcome
        <select name="outcome">
          <option value="">any</option>
          ${FINISHED_OUTCOMES.map((o) => html`<option value="${o}" ${o === filter.outcome ? html` selected` : ''}>${o}</option>`)}
        </select></label
      >
      <button type="submit">Show</button>
    </form>
    ${jobsTable('jobs', page.rows, ctx)}
    <nav class="pager" aria-label="Pages">
      ${cursor ? html`<a href="${jobsPath(kept)}" data-page="first">Newest jobs</a>` : ''}
      ${page.next ? html`<a href="${jobsPath({ ...kept, cursor: page.next })}" rel="next" data-page="next">Older jobs</a>` : ''}
    </nav>`;
  return { title: 'Jobs', section: 'jobs', body };
}
