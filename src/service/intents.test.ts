import { describe, expect, it } from 'vitest';
import { isRepoName, suiteTrigger } from './intents.js';

describe('isRepoName', () => {
  it('accepts the owner/name GitHub allows', () => {
    for (const name of [
      'octo-org/app',
      'Codertocat/Hello-World',
      'a/b',
      'octocat_acme/web.site',
      'x/.github',
      'x/_a-b.c',
    ])
      expect(isRepoName(name), name).toBe(true);
  });

  it('refuses paths, URLs, lone names, and what is not text', () => {
    for (const name of [
      'app',
      'a/b/c',
      '../etc',
      'a/..',
      'a/.',
      '/a',
      'a/',
      'a b/c',
      'https://github.com/a/b',
      `${'o'.repeat(40)}/x`,
      '',
    ])
      expect(isRepoName(name), name).toBe(false);
    for (const value of [null, undefined, 42, ['a/b'], { full_name: 'a/b' }])
      expect(isRepoName(value)).toBe(false);
  });
});

describe('suiteTrigger', () => {
  it('names the failed check suite the same way for a webhook and the poller', () => {
    expect(suiteTrigger(1291536064)).toBe('suite:1291536064');
  });
});
