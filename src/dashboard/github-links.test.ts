import { describe, expect, it } from 'vitest';
import { githubWebUrl, jobLinks } from './github-links.js';

describe("GitHub's web address, from the API address the service is configured with", () => {
  it.each([
    [undefined, 'https://github.com'],
    ['https://api.github.com', 'https://github.com'],
    ['https://api.github.com/', 'https://github.com'],
    ['https://github.example.com/api/v3', 'https://github.example.com'],
    ['https://github.example.com/api/v3/', 'https://github.example.com'],
    ['https://api.octocorp.ghe.com', 'https://octocorp.ghe.com'],
    ['http://127.0.0.1:8123', 'http://127.0.0.1:8123'],
  ])('%s → %s', (api, web) => expect(githubWebUrl(api)).toBe(web));

  it('a value that is not an http(s) URL is a configuration problem', () => {
    for (const api of ['github.example.com', 'ftp://github.example.com'])
      expect(() => githubWebUrl(api)).toThrow(/GITHUB_API_URL must be an http\(s\) URL/);
  });
});

describe("a job's links", () => {
  const web = 'https://github.example.com';
  const job = { repository: 'octo-org/app', pr: 7 };

  it('the pull request, its status comment, the commits, the fix branch and its pull request', () => {
    const links = jobLinks(web, job, {
      comment: 99,
      commits: ['0123456789abcdef0123456789abcdef01234567', 'not a sha'],
      branch: 'ci-autofix/pr-7',
      fix_pull_request: `${web}/octo-org/app/pull/8`,
    });
    expect(links).toEqual({
      pullRequest: `${web}/octo-org/app/pull/7`,
      statusComment: `${web}/octo-org/app/pull/7#issuecomment-99`,
      commits: [
        {
          sha: '0123456789abcdef0123456789abcdef01234567',
          url: `${web}/octo-org/app/commit/0123456789abcdef0123456789abcdef01234567`,
        },
      ],
      branch: { name: 'ci-autofix/pr-7', url: `${web}/octo-org/app/tree/ci-autofix/pr-7` },
      fixPullRequest: `${web}/octo-org/app/pull/8`,
    });
  });

  it('nothing from stored text that would lead elsewhere; a detail of another shape is ignored', () => {
    expect(jobLinks(web, job, { fix_pull_request: 'https://github.example.com.evil.example/x' })).toEqual({
      pullRequest: `${web}/octo-org/app/pull/7`,
      commits: [],
    });
    expect(jobLinks(web, { repository: 'octo-org/app/../../x', pr: 7 }, { comment: 1 })).toEqual({
      commits: [],
    });
    expect(jobLinks(web, { repository: 'octo-org/app', pr: null }, 'a string')).toEqual({ commits: [] });
  });
});
