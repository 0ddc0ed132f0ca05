import { describe, expect, it } from 'vitest';
import { loadAssets } from './assets.js';
import { documentText } from './html.js';
import { layout, type Page } from './layout.js';
import { failuresPage, memoryPage, repositoriesPage, toolsPage } from './pages/breakdowns.js';
import type { PageContext } from './pages/context.js';
import { jobPage } from './pages/job.js';
import { jobsPage } from './pages/jobs.js';
import { overviewPage } from './pages/overview.js';
import { jobDetail, jobRow, overview, stats, XSS, XSS_ESCAPED } from './test-data.js';

const ctx: PageContext = { web: 'https://github.com', linkJobs: true, days: 30 };
const assets = loadAssets();
const render = (page: Page) => documentText(layout(page, { kind: 'served', assets, signedIn: true }));

/** The markup a payload would become if it were not escaped. */
const RAW = ['<script>alert', '<img src=x', 'onerror=alert(1)>'];

function expectSafe(text: string) {
  for (const raw of RAW) expect(text).not.toContain(raw);
  // Every script is ours: a data block (never run) or an asset of the service.
  for (const tag of text.match(/<script\b[^>]*>/g) ?? [])
    expect(tag).toMatch(
      /^<script (type="application\/json" id="dashboard-data"|src="\/dashboard\/assets\/[\w.]+" defer)>$/,
    );
  // No element has an event handler or an inline style: outside the (escaped) text and quoted values.
  for (const tag of text.match(/<[a-z][^>]*>/gi) ?? [])
    expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\s(on\w+|style)=/i);
}

describe('the pages render what a user typed as text', () => {
  it('the overview: figures, cards and the latest jobs, every reason and example escaped', () => {
    const text = render(overviewPage(overview(), ctx));
    expectSafe(text);
    expect(text).toContain(XSS_ESCAPED);
    for (const id of ['jobs_per_day', 'success_rate', 'time_to_green', 'cost', 'model_tokens'])
      expect(text).toContain(`data-figure="${id}"`);
    expect(text).toMatch(/data-stat="success_rate">\s*<dt>success rate<\/dt>\s*<dd>56%<\/dd>/);
    expect(text).toContain('href="https://github.com/octo-org/app/pull/42"');
    expect(text).toContain('href="/dashboard/jobs?cursor=bmV4dA"');
  });

  it("the figures' data reaches the script as JSON that no string can close", () => {
    const text = render(overviewPage(overview(), ctx));
    const block = /<script type="application\/json" id="dashboard-data">(.*?)<\/script>/s.exec(text)![1]!;
    const data = JSON.parse(block) as { figures: Array<{ id: string; x: number[]; series: unknown[] }> };
    expect(data.figures.map((f) => f.id)).toEqual([
      'jobs_per_day',
      'success_rate',
      'time_to_green',
      'cost',
      'model_tokens',
    ]);
    expect(data.figures[0]!.x).toEqual([Date.UTC(2026, 10, 1) / 1000, Date.UTC(2026, 10, 2) / 1000]);
  });

  it('the breakdowns: repositories, tools, flaky tests and infrastructure, the memory', () => {
    const pages = [
      repositoriesPage(stats(), ctx),
      toolsPage(stats()),
      failuresPage(stats()),
      memoryPage(stats()),
    ];
    for (const page of pages) expectSafe(render(page));
    const failures = render(failuresPage(stats()));
    expect(failures).toContain(`tests/test_api.py::test_${XSS_ESCAPED}`);
    expect(failures).toContain('data-table="flaky_tests"');
    const memory = render(memoryPage(stats()));
    // Acceptance: 3 accepted of the 4 judged.
    expect(memory).toContain('value="0.75"');
  });
});

describe('the jobs, and one job', () => {
  it('the jobs list links the next page by its cursor and keeps the filter', () => {
    const page = jobsPage(
      { rows: [jobRow({ repository: `octo-org/${XSS}` })], next: 'Y3Vyc29y' },
      { repository: `octo-org/${XSS}`, outcome: 'fixed', cursor: 'Zmlyc3Q' },
      ctx,
    );
    const text = render(page);
    expectSafe(text);
    expect(text).toMatch(
      /href="\/dashboard\/jobs\?repository=octo-org%2F[^"]*&amp;outcome=fixed&amp;cursor=Y3Vyc29y"/,
    );
    expect(text).toContain('data-page="first"');
    expect(text).toContain(`data-field="title" title="Fix the ${XSS_ESCAPED} parser">Fix the &lt;script&gt;`);
    // A repository that is not owner/name gets no GitHub link.
    expect(text).not.toContain('href="https://github.com/octo-org/&lt;');
  });

  it("a job's page: links to GitHub, the timeline, what was fixed and why the rest was not", () => {
    const text = render(jobPage(jobDetail(), ctx));
    expectSafe(text);
    expect(text).toContain('href="https://github.com/octo-org/app/pull/42#issuecomment-1234"');
    expect(text).toContain(
      'href="https://github.com/octo-org/app/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"',
    );
    // The branch, encoded in the URL and escaped in the text.
    expect(text).toContain('href="https://github.com/octo-org/app/tree/ci-autofix/%3Cscript%3Ealert');
    // A stored URL that does not lead to this GitHub is no link.
    expect(text).not.toContain('javascript:');
    expect(text.match(/<li data-event="/g)).toHaveLength(4);
    expect(text).toContain(`fix(lint): ${XSS_ESCAPED}`);
    expect(text).toContain('data-event="from-a-newer-version"');
    expect(text).toContain(`\`os\` imported but unused ${XSS_ESCAPED}`);
    expect(text).toContain('data-table="not_fixed"');
    expect(text).toContain(`refused: ${XSS_ESCAPED}`);
    expect(text).toContain(`<p class="pr-title" data-field="title">Fix the ${XSS_ESCAPED} parser</p>`);
  });

  it('a long title shows its start in a list, and all of it on hover', () => {
    const title = `Rework ${'the parser, '.repeat(20)}end`;
    const text = render(jobsPage({ rows: [jobRow({ title })], next: null }, {}, ctx));
    expect(text).toContain(`title="${title}">${title.slice(0, 71)}…</span>`);
  });

  it('GitHub Enterprise: the links follow the web address of the API the service uses', () => {
    const text = render(jobPage(jobDetail(), { ...ctx, web: 'https://github.example.com' }));
    expect(text).toContain('href="https://github.example.com/octo-org/app/pull/42"');
    expect(text).not.toContain('https://github.com/octo-org');
  });
});
