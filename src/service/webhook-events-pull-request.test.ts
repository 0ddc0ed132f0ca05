import { describe, expect, it } from 'vitest';
import { examples, failedRun, prComment } from './test-webhook-payloads.js';
import { intentsFromEvent } from './webhook-events.js';

// Pull requests, their /autofix comments, and the events not handled.

describe('intentsFromEvent: pull_request', () => {
  it('closed cancels the pull request’s jobs and reads its history for the fix memory', () => {
    const closed = examples('pull_request', 'closed');
    expect(closed.length).toBeGreaterThan(0);
    for (const payload of closed)
      expect(intentsFromEvent('pull_request', payload)).toEqual({
        intents: [
          { kind: 'cancel', repo: 'Codertocat/Hello-World', pr: 2, reason: 'closed' },
          {
            kind: 'verdicts',
            repo: 'Codertocat/Hello-World',
            pr: 2,
            closed: true,
            headRef: payload.pull_request.head.ref,
            ...(payload.installation ? { installationId: payload.installation.id } : {}),
          },
        ],
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
        // A person's revert of a fix is learnt at the push, not at the next failure.
        {
          kind: 'verdicts',
          repo: 'Codertocat/Hello-World',
          pr: 2,
          closed: false,
          headRef: payload!.pull_request.head.ref,
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
