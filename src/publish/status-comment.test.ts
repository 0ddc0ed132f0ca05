import { describe, expect, it } from 'vitest';
import { findStatusComment } from './ensure-status-comment.js';
import { code } from './markdown.js';
import { parseAttempts, renderStatus, STATUS_MARKER, type StatusReport } from './status-comment.js';

const report: StatusReport = {
  state: 'fixed',
  headSha: 'abcdef1234567890',
  jobs: [{ name: 'CI / lint', url: 'https://github.com/o/r/actions/runs/1/job/2', steps: ['Run ruff'] }],
  byTool: { ruff: 3 },
  fixed: [{ fixer: 'ruff-fix', tool: 'ruff', files: ['app.py'], count: 3, commit: '0123456789' }],
  notFixed: [
    {
      where: 'app.py:4',
      tool: 'mypy',
      code: 'arg-type',
      message: 'bad <img src=x> @admin `x`',
      reason: 'needs a model',
    },
  ],
  published: { mode: 'push', summary: '1 commit(s) pushed' },
  cost: { usd: 0, requests: 0 },
  seconds: 12,
  notes: [],
  attempts: [
    { sha: 'abcdef1234567890', fingerprint: '00ff', outcome: 'fixed', at: '2026-11-30T10:00:00.000Z' },
  ],
};

describe('the status comment', () => {
  it('says what failed, what was fixed, what was not and why, and keeps the attempt record', () => {
    const body = renderStatus(report);
    expect(body.startsWith(STATUS_MARKER)).toBe(true);
    expect(body).toContain('fixed the failing checks');
    expect(body).toContain('`CI / lint`');
    expect(body).toContain('3 with `ruff` in 0123456');
    expect(body).toContain('needs a model');
    expect(parseAttempts(body)).toEqual(report.attempts);
  });

  it('shows untrusted text only as code: no HTML, no mention, no markdown', () => {
    const body = renderStatus(report);
    expect(body).toContain('`` bad <img src=x> @admin `x` ``');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('x'.repeat(300))).toHaveLength(202);
  });

  it('an attempt record cannot be smuggled out of its HTML comment', () => {
    const evil = {
      ...report,
      attempts: [{ sha: 'a --> <script>', fingerprint: 'f', outcome: 'x', at: 'y' }],
    };
    const body = renderStatus(evil);
    expect(body).not.toContain('<script>');
    expect(parseAttempts(body)[0]!.sha).toBe('a-script');
  });

  it("is found again only in a bot's or the token user's comment", () => {
    const body = renderStatus(report);
    const comments = [
      { id: 1, body, author: 'pr-author', bot: false },
      { id: 2, body, author: 'github-actions[bot]', bot: true },
    ];
    expect(findStatusComment(comments, undefined).id).toBe(2);
    expect(findStatusComment(comments.slice(0, 1), undefined)).toEqual({ attempts: [] });
    expect(findStatusComment(comments.slice(0, 1), 'pr-author').id).toBe(1);
  });
});
