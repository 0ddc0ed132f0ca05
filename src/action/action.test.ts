import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from './action.js';
import { pullRequestOfRun, runEventOf } from './event.js';
import { inputVariable, outputBlock, setOutputs } from './io.js';

describe('the Action’s runner interface', () => {
  it('names inputs as the runner does, and maps them to the settings the job reads without writing the environment', () => {
    expect(inputVariable('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(inputVariable('max attempts')).toBe('INPUT_MAX_ATTEMPTS');
    const env: NodeJS.ProcessEnv = {
      'INPUT_GITHUB-TOKEN': ' ghs_x ',
      'INPUT_ANTHROPIC-API-KEY': '',
      ANTHROPIC_API_KEY: 'from-the-workflow',
      'INPUT_AUTO-APPROVE': 'true',
      'INPUT_MAX-ATTEMPTS': '2',
      INPUT_MODE: 'notify',
    };
    const before = { ...env };
    const { inputs, settings } = readInputs(env);
    expect(inputs).toEqual({ mode: 'notify', maxAttempts: 2 });
    expect(settings).toMatchObject({
      GITHUB_TOKEN: 'ghs_x',
      ANTHROPIC_API_KEY: 'from-the-workflow',
      AUTO_APPROVE: 'true',
    });
    expect(Object.keys(settings).filter((k) => /TOKEN|KEY/.test(k) && k.startsWith('INPUT_'))).toEqual([]);
    expect(env).toEqual(before);
    expect(() => readInputs({ INPUT_MODE: 'push' })).toThrow(/mode must be fix or notify/);
    expect(() => readInputs({ 'INPUT_MAX-ATTEMPTS': '0' })).toThrow(/max-attempts must be a positive/);
  });

  it('writes outputs in the heredoc form, whatever the value holds', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ci-autofix-output-')), 'out');
    expect(setOutputs({}, { outcome: 'fixed' })).toBe(false);
    expect(setOutputs({ GITHUB_OUTPUT: file }, { outcome: 'fixed', commits: 'a\nb=c\nEOF' })).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(
      /^outcome<<(ci-autofix_[\w-]+)\nfixed\n\1\ncommits<<(ci-autofix_[\w-]+)\na\nb=c\nEOF\n\2\n$/,
    );
    expect(() => outputBlock('a\nb', 'x')).toThrow();
  });

  it("keeps the run's pull requests of the base repository only, and searches a fork's by head", async () => {
    const event = runEventOf({
      repository: { id: 1, full_name: 'octo/app', url: 'https://api.github.com/repos/octo/app' },
      workflow_run: {
        id: 9,
        conclusion: 'failure',
        head_sha: 'abc',
        head_branch: 'feature',
        head_repository: { full_name: 'contrib/app' },
        pull_requests: [
          {
            number: 3,
            head: { sha: 'abc' },
            base: { repo: { id: 2, url: 'https://api.github.com/repos/contrib/app' } },
          },
        ],
      },
    });
    expect(event.pullRequests).toEqual([]);
    const asked: string[][] = [];
    const forge = {
      findPullRequest: async (repo: string, headRepo: string, headRef: string) => {
        asked.push([repo, headRepo, headRef]);
        return 12;
      },
    };
    expect(await pullRequestOfRun(event, forge)).toBe(12);
    expect(asked).toEqual([['octo/app', 'contrib/app', 'feature']]);
    const listed = {
      ...event,
      pullRequests: [
        { number: 4, headSha: 'old' },
        { number: 5, headSha: 'abc' },
      ],
    };
    expect(await pullRequestOfRun(listed, forge)).toBe(5);
    expect(() => runEventOf({ action: 'completed' })).toThrow(/not a workflow_run event/);
  });
});
