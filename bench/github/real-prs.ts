/**
 * bench/github/real-prs: `ci-autofix pr` on pull requests made of real repositories' history — the
 * bench/real-repos cases (a public repository, the commit whose CI failed, the project's own check) —
 * served by the local GitHub double: the failing commit is the PR head, its first parent the base, and
 * the job log is the check's real output at the head. A case passes when the fix is pushed, the check
 * is green at the new head, and no file outside the ones the check named was edited.
 *
 *   npx tsx bench/github/real-prs.ts [--only ID,...] [--mirrors DIR]
 *
 * Needs the repositories' mirrors (the `fetch` tool: /work/.mirror/owner+name/repo) and the local wheel
 * index for the pinned tools, as bench/real-repos does.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { cliAsync } from '../../test/helpers/cli.js';
import { startGitHubServer } from '../../test/helpers/github-server/index.js';
import { cloneCase } from '../real-repos/clone-case.js';
import { execCommand, runCheck } from '../real-repos/exec-command.js';
import { loadCases } from '../real-repos/real-case.js';
import { failingPullRequest, git, realPrOptions } from '../real-repos/pr-options.js';
import { prepareToolchain } from '../real-repos/toolchain.js';

const root = join(import.meta.dirname, '../..');
const { mirrors, only, dataDir } = realPrOptions(process.argv.slice(2), root);

console.log(
  `bench/github/real-prs on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const server = await startGitHubServer();
const token = server.createToken();
const rows: string[] = [];
for (const c of loadCases(join(root, 'bench/real-repos/cases.json')).filter((x) => only.includes(x.id))) {
  const clone = cloneCase(mirrors, c);
  const env = prepareToolchain(c, clone, dataDir);
  const before = runCheck(c.check, clone, env, 600);
  if (before.code === 0) {
    rows.push(`| ${c.id} | check already green at the failing commit: skipped | | | | |`);
    continue;
  }
  // The PR: base = the failing commit's first parent, head = the failing commit (and the runner's own commit
  // leaving out files the mirror lacks, if any).
  const head = git(clone, 'rev-parse', 'HEAD');
  git(clone, 'branch', '--force', 'main', `${c.failing_commit}^1`);
  git(clone, 'branch', '--force', 'feature', head);
  const fullName = `${c.repo}-${c.id}`;
  await server.addRepo({ fullName, from: clone, defaultBranch: 'main' });
  const { pull } = failingPullRequest(server, fullName, c, { head, check: before });
  const r = await cliAsync(
    [
      'pr',
      `${fullName}#${pull.number}`,
      '--format',
      'json',
      '--check',
      c.check,
      '--dependencies-from',
      clone,
    ],
    {
      ...(env as Record<string, string>),
      GITHUB_TOKEN: token,
      GITHUB_API_URL: server.apiUrl,
      AUTO_APPROVE: 'true',
    },
  );
  let out: {
    outcome?: string;
    published?: { mode: string };
    github_requests?: number;
    timing?: { total_ms: number };
    fix?: {
      remaining?: Array<{ reason?: string; location?: { path?: string } }>;
      scope?: { files: number; out_of_scope: number };
    };
  } = {};
  try {
    out = JSON.parse(r.stdout) as typeof out;
  } catch {
    out = { outcome: `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}` };
  }
  // The new head, checked as CI would: green, and only the files the check named were edited.
  const now = server.pull(fullName, pull.number)!.head.sha;
  const left = out.fix?.remaining?.[0];
  let verdict = `not pushed${out.fix?.scope ? ` (PR changes ${out.fix.scope.files} file(s); ${out.fix.scope.out_of_scope} finding(s) outside them)` : ''}${left ? `: ${left.location?.path ?? ''} ${left.reason ?? ''}` : ''}`;
  if (now !== head) {
    git(clone, 'fetch', '--quiet', server.state.repo(fullName)!.gitDir, 'feature');
    git(clone, 'checkout', '--quiet', 'FETCH_HEAD');
    const after = runCheck(c.check, clone, env, 600);
    const edited = git(clone, 'diff', '--name-only', head, 'FETCH_HEAD').split('\n').filter(Boolean);
    const outside = edited.filter((f) => !c.failing_files.includes(f));
    verdict = `${after.code === 0 ? 'green' : 'still red'}; ${edited.length} file(s) edited${outside.length ? `, outside: ${outside.join(' ')}` : ''}`;
  }
  rows.push(
    `| ${c.id} | ${out.outcome} | ${out.published?.mode ?? '-'} | ${out.github_requests ?? '-'} | ${out.timing ? (out.timing.total_ms / 1000).toFixed(1) : '-'} s | ${verdict} |`,
  );
  console.log(rows.at(-1));
  execCommand(['rm', '-rf', clone], { cwd: root, timeoutSeconds: 120 });
}
console.log(
  '\n| case | outcome | published | API requests | time | the new head |\n|---|---|---|---|---|---|',
);
for (const r of rows) console.log(r);
if (server.violations.length) console.log(`\nOpenAPI violations: ${server.violations.join('; ')}`);
await server.close();
