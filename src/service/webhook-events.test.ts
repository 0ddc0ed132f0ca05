import { describe, expect, it } from 'vitest';
import type { Intent } from './intents.js';
import { examples, failedRun, forkRun, type Json } from './test-webhook-payloads.js';
import { intentsFromEvent } from './webhook-events.js';

// The events that report a failed CI run. Pull requests and their comments:
// webhook-events-pull-request.test.ts; payloads no one should trust: webhook-events-untrusted.test.ts.

describe('intentsFromEvent: workflow_run', () => {
  it("GitHub's example runs did not fail (or are not complete): nothing is queued, and the log says why", () => {
    for (const payload of examples('workflow_run', 'completed')) {
      const result = intentsFromEvent('workflow_run', payload);
      expect(result).toEqual({
        intents: [],
        ignored: expect.stringMatching(/^workflow_run concluded \S+: nothing to fix$/),
      });
    }
    for (const payload of examples('workflow_run', 'requested'))
      expect(intentsFromEvent('workflow_run', payload).ignored).toBe(
        'workflow_run requested: only completed runs are fixed',
      );
  });

  it('a failed run of a pull request becomes one fix job, keyed by its check suite', () => {
    const payload = failedRun();
    payload.installation = { id: 957387, node_id: 'x' };
    expect(intentsFromEvent('workflow_run', payload)).toEqual({
      intents: [
        {
          kind: 'fix',
          repo: 'octo-org/octo-repo',
          pr: 2,
          headSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
          headRepo: 'octo-org/octo-repo',
          headBranch: 'changes',
          trigger: 'suite:1291536064',
          installationId: 957387,
          source: 'webhook',
        },
      ],
    });
  });

  it('a run that timed out is fixed too; without an installation, none is named', () => {
    const [intent] = intentsFromEvent('workflow_run', failedRun('timed_out')).intents;
    expect(intent).toMatchObject({ kind: 'fix', pr: 2 });
    expect(intent).not.toHaveProperty('installationId');
  });

  it("a re-run's end is told to the memory: passed alone, or failed beside its fix, keyed by its attempt", () => {
    const passed = failedRun('success');
    (passed.workflow_run as Record<string, unknown>).run_attempt = 2;
    expect(intentsFromEvent('workflow_run', passed)).toEqual({
      intents: [
        { kind: 'rerun-finished', repo: 'octo-org/octo-repo', runId: expect.any(Number), passed: true },
      ],
    });
    const failed = failedRun();
    (failed.workflow_run as Record<string, unknown>).run_attempt = 2;
    const { intents } = intentsFromEvent('workflow_run', failed);
    expect(intents.map((i) => i.kind)).toEqual(['rerun-finished', 'fix']);
    expect(intents[1]).toMatchObject({ trigger: 'suite:1291536064:2' });
  });

  it('cancelled, skipped, successful runs are not', () => {
    for (const conclusion of ['success', 'cancelled', 'skipped', 'neutral', 'action_required', 'stale'])
      expect(intentsFromEvent('workflow_run', failedRun(conclusion)).ignored).toBe(
        `workflow_run concluded ${conclusion}: nothing to fix`,
      );
  });
});

describe('intentsFromEvent: workflow_run, its pull requests', () => {
  it('one job per pull request of the repository the run belongs to, each once', () => {
    const payload = failedRun();
    const [pr2] = payload.workflow_run.pull_requests;
    payload.workflow_run.pull_requests = [pr2, { ...structuredClone(pr2), number: 7 }, structuredClone(pr2)];
    expect(intentsFromEvent('workflow_run', payload).intents.map((i: Intent) => 'pr' in i && i.pr)).toEqual([
      2, 7,
    ]);
  });

  it("a pull request of another repository that GitHub lists (as in its own example) is not this repository's", () => {
    // GitHub's example: a run in octo-org/octo-repo listing Codertocat/Hello-World#2.
    const payload = examples('workflow_run', 'completed').find((x) => x.workflow_run.pull_requests.length)!;
    payload.workflow_run.conclusion = 'failure';
    expect(intentsFromEvent('workflow_run', payload)).toEqual({
      intents: [],
      ignored: 'workflow_run of a repository_dispatch event on master: no pull request',
    });
    // Told apart by API url when no id is given.
    const byUrl = failedRun();
    byUrl.workflow_run.pull_requests[0].base.repo = { url: 'https://api.github.com/repos/someone/else' };
    expect(intentsFromEvent('workflow_run', byUrl).intents).toEqual([]);
  });

  it("a fork's failed run still produces a job: GitHub lists no pull request, the worker finds it by head", () => {
    for (const event of ['pull_request', 'pull_request_target']) {
      const payload = forkRun();
      payload.workflow_run.event = event;
      const { intents, ignored } = intentsFromEvent('workflow_run', payload);
      expect(ignored).toBeUndefined();
      expect(intents).toEqual([
        {
          kind: 'fix',
          repo: 'octo-org/octo-repo',
          headSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
          headRepo: 'contributor/octo-repo',
          headBranch: 'changes',
          trigger: 'suite:1291536064',
          source: 'webhook',
        },
      ]);
      expect(intents[0]).not.toHaveProperty('pr');
    }
    // The fork's own pull requests that GitHub may list do not hide it.
    const listed = forkRun();
    listed.workflow_run.pull_requests = examples('workflow_run', 'completed').find(
      (x) => x.workflow_run.pull_requests.length,
    )!.workflow_run.pull_requests;
    expect(intentsFromEvent('workflow_run', listed).intents).toHaveLength(1);
  });

  it('a run with no pull request of a push (or of a branch of the repository itself) is ignored', () => {
    const push = forkRun();
    push.workflow_run.event = 'push';
    expect(intentsFromEvent('workflow_run', push).ignored).toBe(
      'workflow_run of a push event on changes: no pull request',
    );
    const sameRepo = failedRun();
    sameRepo.workflow_run.pull_requests = [];
    expect(intentsFromEvent('workflow_run', sameRepo).ignored).toBe(
      'workflow_run of a pull_request event on changes: no pull request',
    );
  });
});

describe('intentsFromEvent: check_suite', () => {
  const failedSuite = (change: (p: Json) => void = () => {}) => {
    const payload = examples('check_suite', 'completed')[0]!;
    payload.check_suite.conclusion = 'failure';
    change(payload);
    return payload;
  };

  it("GitHub's example suites succeeded or are not complete: nothing is queued", () => {
    for (const payload of examples('check_suite', 'completed'))
      expect(intentsFromEvent('check_suite', payload).ignored).toBe(
        'check_suite concluded success: nothing to fix',
      );
    for (const payload of [
      ...examples('check_suite', 'requested'),
      ...examples('check_suite', 'rerequested'),
    ])
      expect(intentsFromEvent('check_suite', payload).ignored).toMatch(/only completed suites are fixed$/);
  });

  it('a failed suite becomes a fix job per pull request, the head repository read from its API url', () => {
    expect(intentsFromEvent('check_suite', failedSuite()).intents).toEqual([
      {
        kind: 'fix',
        repo: 'Codertocat/Hello-World',
        pr: 2,
        headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        headRepo: 'Codertocat/Hello-World',
        headBranch: 'changes',
        trigger: 'suite:118578147',
        source: 'webhook',
      },
    ]);
    const timedOut = failedSuite((p) => {
      p.check_suite.conclusion = 'timed_out';
      p.installation = { id: 957387 };
      p.check_suite.pull_requests[0].head.repo = {
        id: 1,
        url: 'https://api.github.com/repos/fork/Hello-World',
      };
    });
    expect(intentsFromEvent('check_suite', timedOut).intents).toEqual([
      expect.objectContaining({ headRepo: 'fork/Hello-World', installationId: 957387 }),
    ]);
    const noHeadRepo = failedSuite((p) => delete p.check_suite.pull_requests[0].head.repo);
    expect(intentsFromEvent('check_suite', noHeadRepo).intents[0]).toMatchObject({
      headRepo: 'Codertocat/Hello-World',
    });
  });

  it('a failed suite listing no pull request of the repository is ignored, saying where forks are found', () => {
    const empty = failedSuite((p) => (p.check_suite.pull_requests = []));
    expect(intentsFromEvent('check_suite', empty).ignored).toBe(
      "check_suite on changes lists no pull request of Codertocat/Hello-World (a push, or a fork's: its workflow_run event finds those)",
    );
    const other = failedSuite((p) => (p.check_suite.pull_requests[0].base.repo.id = 42));
    expect(intentsFromEvent('check_suite', other).intents).toEqual([]);
  });
});
