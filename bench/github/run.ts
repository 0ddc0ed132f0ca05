/**
 * bench/github: what `ci-autofix pr` costs on GitHub's side, on the bundled examples, against the local
 * GitHub double (test/helpers/github-server: REST checked against GitHub's OpenAPI, real git smart HTTP).
 * For each example and publishing mode: the API requests one fixed PR takes (target ≤ 15; git's own
 * HTTP requests are not API requests and are counted apart) and the wall time from `pr` start to the
 * push or proposal, split into GitHub (API calls), clone, fix (the fix job: check, fixers, validation)
 * and publish (push, review, fix branch).
 *
 *   npm run bench:github                      (each case once)
 *   npm run bench:github -- --runs 3          (median of 3)
 */
import { cpus, loadavg } from 'node:os';
import { cliAsync } from '../../test/helpers/cli.js';
import { allToolsPath, toolsPath } from '../../test/helpers/example-repo.js';
import { startGitHubServer } from '../../test/helpers/github-server/index.js';
import { examplePullRequest, formatAndLint, tsFormatAndLint } from '../../test/helpers/pr-fixture.js';

const argv = process.argv.slice(2);
const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 1;

interface Result {
  outcome: string;
  published: { mode: string; commits: string[] };
  github_requests: number;
  timing: { total_ms: number; github_ms: number; clone_ms: number; fix_ms: number; publish_ms: number };
}

const cases = [
  { example: 'python-service', edit: formatAndLint, path: toolsPath, approve: 'true' },
  { example: 'python-service', edit: formatAndLint, path: toolsPath, approve: 'false' },
  { example: 'typescript-package', edit: tsFormatAndLint, path: allToolsPath, approve: 'true' },
  { example: 'typescript-package', edit: tsFormatAndLint, path: allToolsPath, approve: 'false' },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => (ms / 1000).toFixed(1);

console.log(
  `bench/github on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  'case                             requests  git-http  total   GitHub  clone  fix    publish  mode',
);
const server = await startGitHubServer();
const token = server.createToken();
let n = 0;
for (const c of cases) {
  const results: Result[] = [];
  let git = 0;
  for (let i = 0; i < runs; i++) {
    const repo = `bench/${c.example}-${++n}`;
    const p = await examplePullRequest(server, c.example, repo, c.edit, c.path);
    const before = server.requests.length;
    const r = await cliAsync(
      ['pr', `${repo}#${p.number}`, '--format', 'json', '--dependencies-from', p.dir],
      {
        GITHUB_TOKEN: token,
        GITHUB_API_URL: server.apiUrl,
        AUTO_APPROVE: c.approve,
        PATH: c.path,
        CI_AUTOFIX_PINNED_TOOLS: '0',
      },
    );
    if (r.code !== 0) throw new Error(`${repo}: pr exited ${r.code}\n${r.stderr}`);
    results.push(JSON.parse(r.stdout) as Result);
    git = server.requests.slice(before).filter((q) => q.path.startsWith('/git/')).length;
  }
  const last = results.at(-1)!;
  const t = (k: keyof Result['timing']) => s(median(results.map((x) => x.timing[k])));
  console.log(
    `${`${c.example} ${c.approve === 'true' ? 'push' : 'review'}`.padEnd(33)}${String(median(results.map((x) => x.github_requests))).padEnd(10)}${String(git).padEnd(10)}${t('total_ms').padEnd(8)}${t('github_ms').padEnd(8)}${t('clone_ms').padEnd(7)}${t('fix_ms').padEnd(7)}${t('publish_ms').padEnd(9)}${last.published.mode} (${last.outcome}, ${last.published.commits.length} commit(s))`,
  );
}
if (server.violations.length) console.log(`OpenAPI violations: ${server.violations.join('; ')}`);
await server.close();
