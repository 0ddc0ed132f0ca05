import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { githubClient } from '../src/forge/github/github-client.js';
import { GitHubWatch } from '../src/forge/github/github-watch.js';
import type { FixRecord } from '../src/pipeline/fix-memory.js';
import { verdictLearner } from '../src/service/fix-verdicts.js';
import { StoreFixMemory } from '../src/store/index.js';
import { signatureOf } from '../src/triage/index.js';
import { createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { git } from './helpers/example-repo.js';
import { type GitHubServer } from './helpers/github-server/index.js';
import { useGitHubServer } from './helpers/github-server/use-github-server.js';

/**
 * Verdicts read from GitHub when a pull request changes or closes (service/fix-verdicts.ts), through the
 * GitHub API of the test server and the store: a fix branch's pull request closed unmerged rejects the
 * fixes in it, and a pull request with no fix waiting costs no request.
 */

let server: GitHubServer;
let token: string;
useGitHubServer((s, t) => ((server = s), (token = t)));
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

const unused = signatureOf({
  message: '`os` imported but unused',
  source: { name: 'ruff' },
  code: { value: 'F401' },
});

/** A repository with a person's PR (`feature`) and ci-autofix's fix branch with one fix commit for it. */
async function repoWithFixBranch(repo: string): Promise<{ fix: string; branch: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-verdicts-'));
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'app.py'), 'import os\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  git(dir, 'checkout', '-qb', 'feature');
  writeFileSync(join(dir, 'app.py'), 'import os\nimport sys\n');
  git(dir, 'commit', '-qam', 'feat: use sys');
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  const branch = `ci-autofix/pr-1-${head.slice(0, 7)}`;
  git(dir, 'checkout', '-qb', branch);
  writeFileSync(join(dir, 'app.py'), 'import sys\n');
  const message = [
    'fix(lint): fix 1 finding(s) with ruff check --fix (F401)',
    '',
    'CI-Autofix: ruff-check',
    'CI-Autofix-Strategy: tool:ruff-check',
    `CI-Autofix-Finding: ${unused.id} -`,
  ].join('\n');
  git(dir, 'commit', '-qam', message);
  const fix = git(dir, 'rev-parse', 'HEAD').trim();
  await server.addRepo({ fullName: repo, from: dir });
  server.addPullRequest({ repo, number: 1, head: { repo, ref: 'feature' }, base: { ref: 'main' } });
  server.addPullRequest({ repo, number: 2, head: { repo, ref: branch }, base: { ref: 'feature' } });
  return { fix, branch };
}

async function learner(repo: string) {
  const t = await createTestDatabase('pglite');
  dbs.push(t);
  const auth = { kind: 'token' as const, token };
  const client = await githubClient({ apiUrl: server.apiUrl, auth, userAgent: 'test' }, repo);
  const memory = new StoreFixMemory(t.db);
  const learn = verdictLearner({
    fixMemory: memory,
    forge: async () => new GitHubWatch(client, auth),
    log: pino({ level: 'silent' }),
  });
  return { memory, learn };
}

const published = (repo: string, commit: string): FixRecord => ({
  repo,
  pr: 1,
  headSha: 'h1',
  signature: unused,
  strategy: 'tool:ruff-check',
  path: 'app.py',
  code: 'k-import-os',
  result: 'published',
  commit,
  costUsd: 0,
  inputTokens: 0,
  outputTokens: 0,
  ms: 10,
});

describe('fix verdicts read from GitHub', () => {
  it("a fix branch's pull request closed unmerged rejects its fixes, and the memory then avoids them", async () => {
    const repo = 'octo/verdicts';
    const { fix, branch } = await repoWithFixBranch(repo);
    const { memory, learn } = await learner(repo);
    await memory.record([published(repo, fix)]);

    // Still open: nothing to judge yet.
    expect(await learn({ kind: 'verdicts', repo, pr: 2, closed: false, headRef: branch })).toBe(
      `${repo}#2: no fix waits for a verdict`,
    );
    server.closePull(repo, 2, false);
    expect(await learn({ kind: 'verdicts', repo, pr: 2, closed: true, headRef: branch })).toBe(
      `${repo}#2: 1 fix record(s) rejected (#2, the pull request of the fix branch, was closed unmerged)`,
    );
    // Not proposed again for the same code.
    expect((await memory.avoid(repo)).map((a) => [a.signature, a.code, a.strategy])).toEqual([
      [unused.id, 'k-import-os', 'tool:ruff-check'],
    ]);
    expect(await memory.pending(repo, 1)).toEqual([]);
  });

  it('a pull request with no fix waiting for a verdict costs no request', async () => {
    const repo = 'octo/quiet';
    await repoWithFixBranch(repo);
    const { learn } = await learner(repo);
    const before = server.requests.length;
    expect(await learn({ kind: 'verdicts', repo, pr: 1, closed: true, headRef: 'feature' })).toBe(
      `${repo}#1: no fix waits for a verdict`,
    );
    expect(server.requests.length).toBe(before);
  });
});
