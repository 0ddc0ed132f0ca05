import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRepoName, type Intent } from './intents.js';
import { examples, failedRun, forkRun, prComment, SHA, type Json } from './test-webhook-payloads.js';
import { intentsFromEvent } from './webhook-events.js';

// A webhook's payload is whatever was posted (its signature proves only who sent it): never a throw,
// and nothing queued that a worker could not rely on.

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
});

describe('intentsFromEvent: untrusted payloads, any field replaced', () => {
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
