import type { DashboardOverview, DayRow, JobDetail, JobListRow } from '../store/index.js';
import type { Stats } from '../store/stats.js';

/**
 * Hand-built dashboard data for the tests, with markup where a pull request's author or a tool chose
 * the text: every such field carries XSS (a payload must show as text, never run).
 */
export const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>'"&`;
/** The same payload as an escaped page shows it. */
export const XSS_ESCAPED =
  '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&quot;&amp;';

export const JOB_ID = '0b6f3a52-9c1d-4f7e-8a2b-3c4d5e6f7a8b';

export function jobRow(overrides: Partial<JobListRow> = {}): JobListRow {
  return {
    id: JOB_ID,
    repository: 'octo-org/app',
    pr: 42,
    title: `Fix the ${XSS} parser`,
    head_sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    kind: 'fix',
    trigger: 'suite:1',
    state: 'done',
    outcome: 'fixed',
    reason: `the branch ${XSS} moved`,
    published: 'push',
    commits: 2,
    cost_usd: 0.0312,
    duration_ms: 95_000,
    created_at: '2026-11-02T10:00:00.000Z',
    finished_at: '2026-11-02T10:01:35.000Z',
    ...overrides,
  };
}

function day(day: string, fixed: number, cost: number): DayRow {
  return {
    day,
    jobs: fixed + 2,
    finished: fixed + 2,
    fixed,
    partial: 1,
    not_fixable: 1,
    validation_failed: 0,
    nothing_to_fix: 0,
    skipped: 0,
    failed: 0,
    other: 0,
    success_rate: fixed / (fixed + 2),
    time_to_fix_p50_ms: 60_000,
    time_to_fix_p95_ms: fixed ? 240_000 : null,
    cost_usd: cost,
    input_tokens: 12_000,
    output_tokens: 800,
  };
}

export function stats(): Stats {
  return {
    since: '2026-10-04T00:00:00.000Z',
    jobs: {
      total: 9,
      finished: 9,
      fixed: 5,
      partial: 2,
      not_fixable: 2,
      validation_failed: 0,
      nothing_to_fix: 0,
      skipped: 0,
      failed: 0,
      other: 0,
    },
    success_rate: 5 / 9,
    by_repository: [{ repository: 'octo-org/app', jobs: 9, fixed: 5, rate: 5 / 9 }],
    by_category: [{ category: 'lint', findings: 10, fixed: 7, rate: 0.7 }],
    by_tool: [{ tool: 'linter', findings: 10, fixed: 7, rate: 0.7 }],
    by_fixer: [{ fixer: 'lint-fix', tried: 4, kept: 3, rate: 0.75 }],
    time_to_fix_ms: { p50: 60_000, p95: 240_000 },
    cost: { total_usd: 0.5, per_fix_usd: 0.1, per_day: [] },
    attempts_per_pr: { mean: 1.2, max: 3 },
    top_unfixable: [{ tool: 'typer', code: 'arg-type', count: 3, example: `Argument 1 ${XSS}` }],
    flaky_tests: [
      {
        repository: 'octo-org/app',
        test: `tests/test_api.py::test_${XSS}`,
        failures: 4,
        commits: 3,
        first_seen: '2026-10-10T08:00:00.000Z',
        last_seen: '2026-11-01T08:00:00.000Z',
      },
    ],
    reruns: { infrastructure: 2, flaky: 4, passed: 5, failed: 1, waiting: 0 },
    infrastructure_rate: 2 / 9,
    memory: {
      records: 12,
      signatures: 5,
      hit_rate: 0.25,
      replayed: 2,
      cost_avoided_usd: 0.04,
      by_strategy: [
        {
          strategy: 'tool:lint-fix',
          tried: 6,
          kept: 5,
          published: 5,
          accepted: 3,
          rejected: 1,
          cost_usd: 0,
        },
      ],
    },
  };
}

export function overview(): DashboardOverview {
  return {
    stats: stats(),
    days: [day('2026-11-01', 3, 0.2), day('2026-11-02', 0, 0)],
    latest: { rows: [jobRow()], next: 'bmV4dA' },
  };
}

export function jobDetail(): JobDetail {
  return {
    job: jobRow(),
    detail: {
      pull_request: {
        repo: 'octo-org/app',
        number: 42,
        url: 'https://github.com/octo-org/app/pull/42',
        head_sha: 'a1b2c3d',
        title: `Fix the ${XSS} parser`,
      },
      failed_jobs: [`lint ${XSS}`],
      branch: `ci-autofix/${XSS}`,
      fix_pull_request: 'javascript:alert(1)',
      fixers: [
        { fixer: 'lint-fix', kept: true },
        { fixer: 'model', kept: false, reason: `refused: ${XSS}` },
      ],
      notes: [`note ${XSS}`],
      commits: ['a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'],
      comment: 1234,
    },
    findings: [
      {
        tool: 'linter',
        code: 'F401',
        category: 'import',
        fixability: 'deterministic',
        fixed: true,
        fixer: 'lint-fix',
        path: 'src/app.py',
        message: `\`os\` imported but unused ${XSS}`,
      },
      {
        tool: 'typer',
        code: 'arg-type',
        category: 'type',
        fixability: 'none',
        fixed: false,
        fixer: null,
        path: `src/${XSS}.py`,
        message: `Argument 1 ${XSS}`,
      },
    ],
    findings_total: 2,
    events: [
      { at: '2026-11-02T10:00:01.000Z', type: 'pr-failed-jobs', head: 'a1b2c3d4e5', jobs: [`lint ${XSS}`] },
      { at: '2026-11-02T10:00:30.000Z', type: 'committed', subject: `fix(lint): ${XSS}` },
      { at: '2026-11-02T10:00:31.000Z', type: 'note', level: 'warning', message: `sandbox ${XSS}` },
      { at: '2026-11-02T10:00:32.000Z', type: 'from-a-newer-version', detail: XSS },
    ],
    attempts: [
      {
        number: 1,
        worker: 'host-1',
        started_at: '2026-11-02T10:00:00.000Z',
        finished_at: '2026-11-02T10:01:35.000Z',
        error: null,
      },
    ],
  };
}
