import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRepoName, type Intent } from './intents.js';
import { intentsFromEvent } from './webhook-events.js';

/** GitHub's own example deliveries (@octokit/webhooks-examples), as the webhook handler would receive them. */
const EXAMPLES_FILE = fileURLToPath(
  new URL('../../node_modules/@octokit/webhooks-examples/api.github.com/index.json', import.meta.url),
);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const all = JSON.parse(readFileSync(EXAMPLES_FILE, 'utf8')) as Array<{ name: string; examples: Json[] }>;

/** Copies of the examples of an event (and action), to change freely. */
function examples(name: string, action?: string): Json[] {
  const found = all.find((e) => e.name === name)?.examples ?? [];
  const picked = found.filter((x) => action === undefined || x.action === action);
  if (!picked.length) throw new Error(`no example of ${name} ${action ?? ''}`);
  return picked.map((x) => structuredClone(x));
}

/**
 * A failed run of a pull request of its own repository. GitHub's examples have no failed run, and the one
 * that lists a pull request lists one of another repository (see below): this one is made from it.
 */
function failedRun(conclusion = 'failure'): Json {
  const payload = examples('workflow_run', 'completed').find((x) => x.workflow_run.pull_requests.length)!;
  const run = payload.workflow_run;
  run.conclusion = conclusion;
  run.event = 'pull_request';
  run.head_branch = 'changes';
  run.pull_requests[0].base.repo = {
    id: payload.repository.id,
    url: payload.repository.url,
    name: 'octo-repo',
  };
  return payload;
}

/** A fork's failed run: GitHub lists no pull request, the head is in the fork. */
function forkRun(): Json {
  const payload = failedRun();
  payload.workflow_run.pull_requests = [];
  payload.workflow_run.head_repository.full_name = 'contributor/octo-repo';
  return payload;
}

/** A comment on a pull request (GitHub's examples comment on issues only). */
function prComment(body: string, change: (p: Json) => void = () => {}): Json {
  const payload = examples('issue_comment', 'created').find((x) => x.installation)!;
  payload.issue.pull_request = {
    url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
    html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
  };
  payload.comment.body = body;
  change(payload);
  return payload;
}

const SHA = /^[0-9a-f]{40}$/;

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

  it('cancelled, skipped, successful runs are not', () => {
    for (const conclusion of ['success', 'cancelled', 'skipped', 'neutral', 'action_required', 'stale'])
      expect(intentsFromEvent('workflow_run', failedRun(conclusion)).ignored).toBe(
        `workflow_run concluded ${conclusion}: nothing to fix`,
      );
  });

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

describe('intentsFromEvent: pull_request', () => {
  it('closed cancels the pull request’s jobs', () => {
    const closed = examples('pull_request', 'closed');
    expect(closed.length).toBeGreaterThan(0);
    for (const payload of closed)
      expect(intentsFromEvent('pull_request', payload)).toEqual({
        intents: [{ kind: 'cancel', repo: 'Codertocat/Hello-World', pr: 2, reason: 'closed' }],
      });
  });

  it('a push to the pull request supersedes its jobs with the new head', () => {
    const [payload] = examples('pull_request', 'synchronize');
    payload!.pull_request.head.sha = 'a'.repeat(40);
    expect(intentsFromEvent('pull_request', payload)).toEqual({
      intents: [
        {
          kind: 'supersede',
          repo: 'Codertocat/Hello-World',
          pr: 2,
          headSha: 'a'.repeat(40),
          installationId: 1,
        },
      ],
    });
  });

  it('every other action (opened, reopened, labeled, …) queues nothing', () => {
    const others = examples('pull_request').filter((x) => !['closed', 'synchronize'].includes(x.action));
    expect(others.map((x) => x.action)).toContain('reopened');
    for (const payload of others)
      expect(intentsFromEvent('pull_request', payload)).toEqual({
        intents: [],
        ignored: `pull_request ${payload.action}: nothing to do`,
      });
  });
});

describe('intentsFromEvent: issue_comment (chat-ops)', () => {
  it('an /autofix command on a pull request is queued with its author and comment', () => {
    expect(intentsFromEvent('issue_comment', prComment('/autofix apply\n\nlooks right to me'))).toEqual({
      intents: [
        {
          kind: 'command',
          repo: 'Codertocat/Hello-World',
          pr: 1,
          command: 'apply',
          user: 'Codertocat',
          commentId: 492700400,
          installationId: 1,
        },
      ],
    });
    expect(intentsFromEvent('issue_comment', prComment('/autofix')).intents[0]).toMatchObject({
      command: 'run',
    });
  });

  it("the bot's own /autofix comment is ignored: a Bot account, or a login the service names", () => {
    const byApp = prComment('/autofix retry', (p) => {
      p.comment.user.login = 'ci-autofix[bot]';
      p.comment.user.type = 'Bot';
    });
    expect(intentsFromEvent('issue_comment', byApp)).toEqual({
      intents: [],
      ignored: 'issue_comment by the bot ci-autofix[bot]: never a command',
    });
    const byMachineUser = prComment('/autofix', (p) => (p.comment.user.login = 'Autofix-Bot'));
    expect(intentsFromEvent('issue_comment', byMachineUser, { botLogins: ['autofix-bot'] }).intents).toEqual(
      [],
    );
    expect(intentsFromEvent('issue_comment', byMachineUser).intents).toHaveLength(1);
  });

  it("GitHub's example comments are on issues, not pull requests: ignored", () => {
    for (const payload of examples('issue_comment', 'created')) {
      payload.comment.body = '/autofix';
      expect(intentsFromEvent('issue_comment', payload).ignored).toBe(
        'issue_comment on an issue, not a pull request',
      );
    }
  });

  it('comments that are not commands, and edited or deleted comments, are ignored', () => {
    // GitHub's example body, on a pull request.
    const chat = prComment(examples('issue_comment', 'created')[0]!.comment.body);
    expect(intentsFromEvent('issue_comment', chat).ignored).toBe('issue_comment is not an /autofix command');
    expect(intentsFromEvent('issue_comment', prComment('> /autofix\n\ndid you mean this?')).intents).toEqual(
      [],
    );
    for (const action of ['edited', 'deleted'])
      for (const payload of examples('issue_comment', action)) {
        payload.issue.pull_request = { url: 'x' };
        payload.comment.body = '/autofix';
        expect(intentsFromEvent('issue_comment', payload).ignored).toBe(
          `issue_comment ${action}: only new comments are commands`,
        );
      }
  });
});

describe('intentsFromEvent: other events', () => {
  it('ping is acknowledged, and events not handled say so', () => {
    for (const payload of examples('ping'))
      expect(intentsFromEvent('ping', payload)).toEqual({ intents: [], ignored: 'ping' });
    expect(intentsFromEvent('push', examples('push')[0])).toEqual({
      intents: [],
      ignored: 'event push is not handled',
    });
    expect(intentsFromEvent('check_run', examples('check_run')[0]).ignored).toBe(
      'event check_run is not handled',
    );
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(intentsFromEvent(name, failedRun()).ignored).toBe(`event ${name} is not handled`);
    expect(intentsFromEvent('evil\nline', {}).ignored).toBe('event evil?line is not handled');
  });
});

describe('intentsFromEvent: untrusted payloads', () => {
  const handled = ['workflow_run', 'check_suite', 'pull_request', 'issue_comment'];

  it('garbage is ignored with a reason, never thrown on', () => {
    for (const event of handled)
      for (const payload of [null, undefined, 'workflow_run', 42, [], [failedRun()], {}, { action: 7 }])
        expect(intentsFromEvent(event, payload).ignored, `${event} ${JSON.stringify(payload)}`).toMatch(
          /^\w+: the payload (is not a JSON object|names no action)$/,
        );
    expect(intentsFromEvent('workflow_run', { action: 'completed' }).ignored).toBe(
      'workflow_run: malformed payload: repository: Invalid input: expected object, received undefined',
    );
  });

  it('numbers as strings, a path for a repository, an option for a branch, a short SHA: ignored', () => {
    const cases: Array<[string, Json, RegExp]> = [
      [
        'workflow_run',
        mutate(failedRun(), (p) => (p.workflow_run.check_suite_id = '1291536064')),
        /check_suite_id/,
      ],
      ['workflow_run', mutate(failedRun(), (p) => (p.workflow_run.pull_requests[0].number = '2')), /number/],
      ['workflow_run', mutate(failedRun(), (p) => (p.installation = { id: '957387' })), /installation\.id/],
      ['workflow_run', mutate(failedRun(), (p) => (p.repository.full_name = '../../etc')), /full_name/],
      [
        'workflow_run',
        mutate(forkRun(), (p) => (p.workflow_run.head_repository.full_name = 'a/b/c')),
        /full_name/,
      ],
      [
        'workflow_run',
        mutate(failedRun(), (p) => (p.workflow_run.head_branch = '--upload-pack=evil')),
        /head_branch/,
      ],
      ['workflow_run', mutate(failedRun(), (p) => (p.workflow_run.head_branch = 'a b')), /head_branch/],
      ['workflow_run', mutate(failedRun(), (p) => (p.workflow_run.head_branch = null)), /head_branch/],
      ['workflow_run', mutate(failedRun(), (p) => (p.workflow_run.head_sha = '3484a3f')), /head_sha/],
      ['workflow_run', mutate(failedRun(), (p) => (p.workflow_run.pull_requests = {})), /pull_requests/],
      ['workflow_run', mutate(failedRun(), (p) => delete p.workflow_run.head_repository), /head_repository/],
      [
        'check_suite',
        mutate(examples('check_suite', 'completed')[0]!, (p) => (p.check_suite.id = -1)),
        /check_suite\.id/,
      ],
      [
        'pull_request',
        mutate(examples('pull_request', 'closed')[0]!, (p) => (p.pull_request.number = 2.5)),
        /number/,
      ],
      [
        'pull_request',
        mutate(examples('pull_request', 'synchronize')[0]!, (p) => (p.pull_request.head = null)),
        /head/,
      ],
      ['issue_comment', prComment('/autofix', (p) => (p.comment.id = '492700400')), /comment\.id/],
      ['issue_comment', prComment('/autofix', (p) => (p.comment.body = ['/autofix'])), /comment\.body/],
      ['issue_comment', prComment('/autofix', (p) => (p.issue.pull_request = 'yes')), /pull_request/],
      ['issue_comment', prComment('/autofix', (p) => delete p.comment.user), /comment\.user/],
    ];
    for (const [event, payload, where] of cases) {
      const result = intentsFromEvent(event, payload);
      expect(result.intents, JSON.stringify(result)).toEqual([]);
      expect(result.ignored).toMatch(new RegExp(`^${event}: malformed payload: `));
      expect(result.ignored).toMatch(where);
      expect(result.ignored).not.toContain('\n');
    }
  });

  it('any field of a real payload replaced by any JSON: never a throw, and what is queued is well-formed', () => {
    const payloads: Array<[string, Json]> = [
      ['workflow_run', failedRun()],
      ['workflow_run', forkRun()],
      [
        'check_suite',
        mutate(examples('check_suite', 'completed')[0]!, (p) => (p.check_suite.conclusion = 'failure')),
      ],
      ['pull_request', examples('pull_request', 'synchronize')[0]!],
      ['pull_request', examples('pull_request', 'closed')[0]!],
      ['issue_comment', prComment('/autofix skip')],
    ];
    const withPaths = payloads.map(([event, payload]) => ({ event, payload, paths: pathsOf(payload) }));
    fc.assert(
      fc.property(
        fc.nat(withPaths.length - 1),
        fc.nat(),
        fc.jsonValue({ maxDepth: 3 }),
        (which, pathIndex, value) => {
          const { event, payload, paths } = withPaths[which]!;
          const path = paths[pathIndex % paths.length]!;
          const changed = structuredClone(payload);
          setPath(changed, path, value);
          const result = intentsFromEvent(event, changed);
          if (result.intents.length === 0) expect(result.ignored).toEqual(expect.any(String));
          for (const intent of result.intents) wellFormed(intent);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

function mutate(payload: Json, change: (p: Json) => void): Json {
  change(payload);
  return payload;
}

/** Every path to a value in a payload (not too deep), for the property test to replace. */
function pathsOf(value: unknown, prefix: string[] = [], depth = 0): string[][] {
  if (typeof value !== 'object' || value === null || depth > 4) return [prefix];
  const keys = Object.keys(value);
  return [prefix, ...keys.flatMap((k) => pathsOf((value as Json)[k], [...prefix, k], depth + 1))];
}

function setPath(target: Json, path: string[], value: unknown): void {
  if (!path.length) return;
  let at = target;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path.at(-1)!] = value;
}

/** What a worker may rely on, whatever the payload held. */
function wellFormed(intent: Intent): void {
  expect(isRepoName(intent.repo)).toBe(true);
  if ('pr' in intent && intent.pr !== undefined)
    expect(Number.isSafeInteger(intent.pr) && intent.pr > 0).toBe(true);
  if ('installationId' in intent && intent.installationId !== undefined)
    expect(Number.isSafeInteger(intent.installationId)).toBe(true);
  if (intent.kind === 'fix') {
    expect(intent.headSha).toMatch(SHA);
    expect(isRepoName(intent.headRepo)).toBe(true);
    expect(intent.headBranch).toMatch(/^[^-\s][^\s]*$/);
    expect(intent.trigger).toMatch(/^suite:[1-9]\d*$/);
  }
  if (intent.kind === 'supersede') expect(intent.headSha).toMatch(SHA);
  if (intent.kind === 'command') {
    expect(['run', 'apply', 'retry', 'skip']).toContain(intent.command);
    expect(intent.user).toEqual(expect.any(String));
    expect(Number.isSafeInteger(intent.commentId)).toBe(true);
  }
}
