import { DEFAULT_DAYS, FINISHED_OUTCOMES, MAX_DAYS, PAGE_SIZE } from '../store/index.js';
import { html } from './html.js';
import type { Page } from './layout.js';
import type { PageContext } from './pages/context.js';
import { failuresPage, memoryPage, repositoriesPage, toolsPage } from './pages/breakdowns.js';
import { jobPage } from './pages/job.js';
import { jobsPage, type JobsFilter } from './pages/jobs.js';
import { overviewPage } from './pages/overview.js';
import type { DashboardSource } from './source.js';

/** The latest jobs the overview shows (the jobs list shows the store's PAGE_SIZE a page). */
const LATEST_JOBS = 15;

/** `?days=N`, a whole number of days the store can show (1 to MAX_DAYS); anything else is the default. */
export function windowDays(query: URLSearchParams): number {
  const n = Number(query.get('days'));
  return Number.isInteger(n) && n >= 1 && n <= MAX_DAYS ? n : DEFAULT_DAYS;
}

/** A query parameter, when given and of a sane length (a cursor, a repository name). */
function param(query: URLSearchParams, name: string): string | undefined {
  const v = query.get(name)?.trim();
  return v && v.length <= 300 ? v : undefined;
}

function jobsFilter(query: URLSearchParams): JobsFilter {
  const repository = param(query, 'repository');
  const outcome = param(query, 'outcome');
  const cursor = param(query, 'cursor');
  return {
    ...(repository ? { repository } : {}),
    ...(outcome && FINISHED_OUTCOMES.includes(outcome) ? { outcome } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

const SECTIONS = {
  '/dashboard/repositories': repositoriesPage,
  '/dashboard/tools': toolsPage,
  '/dashboard/failures': failuresPage,
  '/dashboard/memory': memoryPage,
} as const;

/** The page a path names, from the source; undefined when there is none (a 404). */
export async function pageFor(
  path: string,
  query: URLSearchParams,
  source: DashboardSource,
  ctx: PageContext,
): Promise<Page | undefined> {
  if (path === '/dashboard' || path === '/dashboard/')
    return overviewPage(await source.overview({ days: ctx.days, limit: LATEST_JOBS }), ctx);
  if (path in SECTIONS) {
    // Their figures are the overview's `stats`; its latest jobs are not shown (one row is the least asked).
    const overview = await source.overview({ days: ctx.days, limit: 1 });
    return SECTIONS[path as keyof typeof SECTIONS](overview.stats, ctx);
  }
  if (path === '/dashboard/jobs') {
    const filter = jobsFilter(query);
    return jobsPage(await source.jobs({ ...filter, limit: PAGE_SIZE }), filter, ctx);
  }
  const id = jobId(path);
  if (id === undefined) return undefined;
  const detail = await source.job(id);
  return detail && jobPage(detail, ctx);
}

/** The job a path `/dashboard/jobs/<id>` names (URL-encoded), if it is one. */
function jobId(path: string): string | undefined {
  const match = /^\/dashboard\/jobs\/([^/]{1,200})$/.exec(path);
  try {
    return match ? decodeURIComponent(match[1]!) : undefined;
  } catch {
    return undefined;
  }
}

/** A page that says what went wrong (no such page or job, a cursor the list did not give). */
export function problemPage(title: string, problem: string): Page {
  return {
    title,
    body: html`<h1>${title}</h1>
      <p data-problem="page">${problem}</p>
      <p><a href="/dashboard">The overview</a></p>`,
  };
}
