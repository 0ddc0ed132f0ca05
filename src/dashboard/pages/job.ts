import { EVENT_STAGE, type JobEvent } from '../../domain/index.js';
import { eventText } from '../../output/event-text.js';
import type { JobDetail } from '../../store/dashboard-types.js';
import { count, duration, shortSha, usd, when } from '../format.js';
import { jobLinks, type JobLinks } from '../github-links.js';
import { html, type Html } from '../html.js';
import type { Page } from '../layout.js';
import { outcomeDetail, type OutcomeDetail } from '../outcome-detail.js';
import { cards, link, table } from '../table.js';
import { jobsPath, type PageContext } from './context.js';
import { outcomeBadge } from './jobs-table.js';

type StoredEvent = JobDetail['events'][number];

/** One job: what it was about, its links, its timeline, what was fixed and why the rest was not. */
export function jobPage(d: JobDetail, ctx: PageContext): Page {
  const j = d.job;
  const links = jobLinks(ctx.web, j, d.detail);
  const detail = outcomeDetail(d.detail);
  const body = html`<h1>
      ${j.repository}${j.pr === null ? '' : html` #${j.pr}`}
      <small class="muted">job <code>${j.id}</code></small>
    </h1>
    ${j.title ? html`<p class="pr-title" data-field="title">${j.title}</p>` : ''}
    <p>${outcomeBadge(j)}${j.reason ? html` — <span data-field="reason">${j.reason}</span>` : ''}</p>
    ${cards([
      ['state', 'state', j.state],
      ['head', 'head', html`<code>${shortSha(j.head_sha)}</code>`],
      ['trigger', 'trigger', j.trigger],
      ['published', 'published', j.published ?? '–'],
      ['commits', 'commits', count(j.commits)],
      ['cost', 'cost', usd(j.cost_usd)],
      ['took', 'took', duration(j.duration_ms)],
      ['created', 'created', when(j.created_at)],
      ['finished', 'finished', when(j.finished_at)],
    ])}
    ${linkList(links)}
    ${
      detail.failedJobs.length
        ? html`<h2>Failed CI jobs</h2>
            ${list('failed_jobs', detail.failedJobs)}`
        : ''
    }
    <h2>Timeline</h2>
    ${timeline(d.events)} ${results(d, detail)}
    <h2>Attempts</h2>
    ${table(
      'attempts',
      [
        { label: 'try', num: true, cell: (a) => a.number },
        { label: 'worker', cell: (a) => html`<code>${a.worker}</code>` },
        { label: 'started', cell: (a) => when(a.started_at) },
        { label: 'finished', cell: (a) => when(a.finished_at) },
        { label: 'error', text: true, cell: (a) => a.error ?? '' },
      ],
      d.attempts,
      'Not started yet.',
    )}
    <p><a href="${jobsPath({ repository: j.repository })}">Other jobs of ${j.repository}</a></p>`;
  return { title: `Job ${j.id}`, section: 'jobs', body };
}

/** What was fixed, and what was not with why: each finding's fixability, the fixers dropped, the notes. */
function results(d: JobDetail, detail: OutcomeDetail): Html {
  const shown = d.findings.length;
  return html`<h2>What was fixed</h2>
    ${findings(
      'fixed',
      d.findings.filter((f) => f.fixed),
      'Nothing was fixed.',
    )}
    <h2>What was not, and why</h2>
    ${findings(
      'not_fixed',
      d.findings.filter((f) => !f.fixed),
      'Nothing was left.',
    )}
    ${
      d.findings_total > shown
        ? html`<p class="muted" data-field="findings_total">
            The first ${count(shown)} of ${count(d.findings_total)} findings.
          </p>`
        : ''
    }
    ${table(
      'fixers',
      [
        { label: 'fixer', cell: (f) => f.fixer },
        { label: 'kept', cell: (f) => (f.kept ? 'kept' : 'dropped') },
        { label: 'why dropped', text: true, cell: (f) => f.reason ?? '' },
      ],
      detail.fixers,
      'No fixer ran.',
    )}
    ${
      detail.notes.length
        ? html`<h2>Notes</h2>
            ${list('notes', detail.notes)}`
        : ''
    }`;
}

function list(id: string, items: readonly string[]): Html {
  return html`<ul data-list="${id}">
    ${items.map((n) => html`<li>${n}</li>`)}
  </ul>`;
}

function linkList(links: JobLinks): Html {
  const items = [
    links.pullRequest && html`<li>${link(links.pullRequest, 'The pull request')}</li>`,
    links.statusComment && html`<li>${link(links.statusComment, 'Its status comment')}</li>`,
    links.branch &&
      html`<li>The fix branch ${link(links.branch.url, html`<code>${links.branch.name}</code>`)}</li>`,
    links.fixPullRequest &&
      html`<li>${link(links.fixPullRequest, 'The pull request proposing the fix')}</li>`,
    links.commits.length &&
      html`<li>
        Commits: ${links.commits.map((c) => html`${link(c.url, html`<code>${shortSha(c.sha)}</code>`)} `)}
      </li>`,
  ].filter((i): i is Html => Boolean(i));
  return items.length
    ? html`<ul data-list="links">
        ${items}
      </ul>`
    : html``;
}

function findings(id: string, rows: JobDetail['findings'], empty: string): Html {
  return table(
    id,
    [
      { label: 'tool', cell: (f) => f.tool },
      { label: 'code', cell: (f) => (f.code ? html`<code>${f.code}</code>` : '–') },
      { label: 'category', cell: (f) => f.category },
      {
        label: id === 'fixed' ? 'fixer' : 'fixability',
        cell: (f) => (id === 'fixed' ? (f.fixer ?? '–') : f.fixability),
      },
      { label: 'file', text: true, cell: (f) => (f.path ? html`<code>${f.path}</code>` : '–') },
      { label: 'message', text: true, cell: (f) => f.message },
    ],
    rows,
    empty,
  );
}

/**
 * The pipeline's progress events, in order: how long after the first (the store keeps each event's time,
 * not the job's clock), the stage, what happened.
 */
function timeline(events: readonly StoredEvent[]): Html {
  if (!events.length) return html`<p class="muted" data-timeline="empty">No progress was recorded.</p>`;
  const start = Date.parse(events[0]!.at);
  return html`<ol class="timeline" data-timeline="events">
    ${events.map((e) => {
      const into = Date.parse(e.at) - start;
      const stage = e.type in EVENT_STAGE ? EVENT_STAGE[e.type as JobEvent['type']] : 'event';
      return html`<li data-event="${e.type}">
        <time datetime="${e.at}">+${duration(Number.isFinite(into) ? into : null)}</time
        ><span class="muted">${stage}</span><span>${sentence(e)}</span>
      </li>`;
    })}
  </ol>`;
}

/**
 * An event as the CLI prints it (output/event-text.ts). A stored event written by another version may
 * lack a field that sentence needs: then its fields are shown as they are.
 */
function sentence(e: StoredEvent): string {
  const { at: _at, type, ...fields } = e;
  if (type in EVENT_STAGE) {
    try {
      return eventText({ type, ...fields } as unknown as JobEvent);
    } catch {
      // Shown below as stored.
    }
  }
  return `${type}: ${JSON.stringify(fields)}`.slice(0, 2000);
}
