import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitHubServer } from './github-server/index.js';
import type { RunState } from './github-server/state.js';
import { exampleRepo, git, type ExampleChange } from './example-repo.js';

/**
 * A job log as GitHub Actions writes it: the step's `##[group]Run` header, the command's output line by
 * line with the runner's timestamps, and the closing error annotation.
 */
export function actionsLog(command: string, output: string, exitCode: number): string {
  let t = Date.UTC(2026, 10, 30, 10, 0, 0);
  const stamp = () => `${new Date((t += 7)).toISOString().replace('Z', '')}0000Z `;
  const lines = [
    `${stamp()}##[group]Run ${command}`,
    `${stamp()}${command}`,
    `${stamp()}##[endgroup]`,
    ...output
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => `${stamp()}${l}`),
  ];
  if (exitCode !== 0) lines.push(`${stamp()}##[error]Process completed with exit code ${exitCode}.`);
  return `${lines.join('\n')}\n`;
}

/** Runs `just check` in `dir` and returns its output and exit code, as CI would have seen them. */
export function runCheck(dir: string, path: string): { output: string; code: number } {
  const r = spawnSync('just', ['check'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: path } });
  return { output: `${r.stdout}${r.stderr}`, code: r.status ?? 1 };
}

/**
 * An example project on the GitHub double as a pull request: `main` holds its good state, `feature`
 * the change made by `edit` (committed), and a failed workflow run of `feature`'s head carries the log of
 * the check run there for real.
 */
export async function examplePullRequest(
  server: GitHubServer,
  example: string,
  fullName: string,
  edit: ((dir: string) => void) | ExampleChange,
  path: string,
  /** Who made the PR's head commit, and its message (default: a developer's). */
  head?: { name: string; email: string; message: string },
  /** A fork (`owner/name`) that holds the PR's branch; the base repository has `main` only. */
  fork?: string,
): Promise<{ dir: string; number: number; headSha: string; log: string }> {
  const dir = exampleRepo(example, edit);
  if (head)
    execFileSync(
      'git',
      [
        '-c',
        `user.name=${head.name}`,
        '-c',
        `user.email=${head.email}`,
        'commit',
        '--quiet',
        '--amend',
        '--reset-author',
        '-m',
        head.message,
      ],
      { cwd: dir },
    );
  git(dir, 'branch', 'feature', 'HEAD');
  git(dir, 'reset', '--quiet', '--hard', 'HEAD~1');
  const headSha = git(dir, 'rev-parse', 'feature').trim();
  if (fork) {
    // The base repository never had the branch: it lives in the fork only.
    git(dir, 'branch', '--quiet', '-D', 'feature');
    await server.addRepo({ fullName, from: dir, defaultBranch: 'main' });
    git(dir, 'branch', '--quiet', 'feature', headSha);
    await server.addRepo({ fullName: fork, from: dir, defaultBranch: 'main', forkOf: fullName });
  } else await server.addRepo({ fullName, from: dir, defaultBranch: 'main' });
  const pull = server.addPullRequest({
    repo: fullName,
    head: { repo: fork ?? fullName, ref: 'feature' },
    base: { ref: 'main' },
    user: fork ? fork.split('/')[0]! : 'dev',
  });
  git(dir, 'checkout', '--quiet', 'feature');
  const check = runCheck(dir, path);
  git(dir, 'checkout', '--quiet', 'main');
  const log = actionsLog('just check', check.output, check.code);
  failedCheckRun(server, {
    repo: fullName,
    headSha,
    branch: 'feature',
    log,
    pull: pull.number,
    ...(fork ? { headRepo: fork } : {}),
  });
  return { dir, number: pull.number, headSha, log };
}

/** A failed CI run of `just check` at a PR's head, its job's log the check's output. */
export function failedCheckRun(
  server: GitHubServer,
  o: { repo: string; headSha: string; branch: string; log: string; pull: number; headRepo?: string },
): RunState {
  return server.addWorkflowRun({
    repo: o.repo,
    headSha: o.headSha,
    headBranch: o.branch,
    ...(o.headRepo ? { headRepo: o.headRepo } : {}),
    name: 'CI',
    conclusion: 'failure',
    jobs: [
      {
        name: 'check',
        conclusion: 'failure',
        log: o.log,
        steps: [
          { name: 'Set up job', conclusion: 'success', number: 1 },
          { name: 'Run just check', conclusion: 'failure', number: 2 },
        ],
      },
    ],
    pullRequests: [o.pull],
  });
}

/** Resolves once a job has fetched the PR head of `repo` from the double (git's upload-pack answered). */
export async function untilCloned(server: GitHubServer, repo: string): Promise<void> {
  while (
    !server.requests.some((q) => q.path.startsWith(`/git/${repo}`) && q.path.endsWith('git-upload-pack'))
  )
    await new Promise((r) => setTimeout(r, 20));
}

/**
 * A `git` first on PATH that records every argv it is given (to prove no credential is ever in one),
 * then runs the real git.
 */
export function gitArgvRecorder(): { bin: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), 'ci-autofix-gitshim-'));
  const log = join(bin, 'argv.log');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(log, '');
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}' 2>/dev/null || true\nexec '${real}' "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return { bin, log };
}

/**
 * The python-service example's change that fails CI on formatting (ruff format) and lint (F401, isort)
 * only: every finding is fixable without a model.
 */
export function formatAndLint(dir: string): void {
  const models = join(dir, 'src/inventory/models.py');
  writeFileSync(
    models,
    readFileSync(models, 'utf8').replace('field(default_factory=list)', 'field(default_factory = list)'),
  );
  const service = join(dir, 'src/inventory/service.py');
  writeFileSync(
    service,
    readFileSync(service, 'utf8').replace(
      'from collections import defaultdict\n',
      'from collections import defaultdict\nimport os\n',
    ),
  );
}

/**
 * An example's `check` recipe narrowed to the tools a slip trips: the lines of the others (`mypy ||
 * status=1`, …) go. For the tests of publishing, gating and faults, where what they prove does not
 * depend on the check, and mypy, pytest, tsc and vitest cost 1–5 s of CPU per run of it. The tests of the
 * fix itself keep the examples' whole checks.
 */
export function checkOnly(...tools: string[]): (dir: string) => void {
  return (dir) => {
    const justfile = join(dir, 'justfile');
    const lines = readFileSync(justfile, 'utf8').split('\n');
    const kept = lines.filter((l) => {
      const tool = /^ +(?:python -m )?([\w-]+)\b.*\|\| status=1$/.exec(l)?.[1];
      return !tool || tools.includes(tool);
    });
    if (kept.length === lines.length || !kept.some((l) => l.endsWith('|| status=1')))
      throw new Error(`${justfile}: no tool line to drop or none left; checkOnly(${tools}) needs updating`);
    writeFileSync(justfile, kept.join('\n'));
  };
}

/** formatAndLint on a python-service whose check runs ruff only (the one tool the slip trips). */
export const lintSlip: ExampleChange = { base: checkOnly('ruff'), edit: formatAndLint };

/** The typescript-package example's format (prettier) and lint (prefer-const) slip: no model needed. */
export function tsFormatAndLint(dir: string): void {
  const cart = join(dir, 'src/cart.ts');
  writeFileSync(
    cart,
    readFileSync(cart, 'utf8')
      .replace('const cents = lines.reduce', 'let cents = lines.reduce')
      .replace("?? 'EUR')", '?? "EUR")'),
  );
}

/** tsFormatAndLint on a typescript-package whose check runs prettier and eslint only. */
export const tsLintSlip: ExampleChange = { base: checkOnly('prettier', 'eslint'), edit: tsFormatAndLint };

/** The check's exit code at the PR branch's head as the double now has it (checked out in `dir`, as CI would). */
export function checkAtHead(server: GitHubServer, fullName: string, dir: string, path: string): number {
  git(dir, 'fetch', '--quiet', server.state.repo(fullName)!.gitDir, 'feature');
  git(dir, 'checkout', '--quiet', 'FETCH_HEAD');
  return runCheck(dir, path).code;
}

/**
 * A pull request of the python-service example whose change is clean (a comment: the check passes at
 * its head), for failures no code change fixes. No run is added: the test adds the one it needs.
 */
export async function cleanPullRequest(server: GitHubServer, repo: string) {
  const dir = exampleRepo('python-service', (d) => {
    const models = join(d, 'src/inventory/models.py');
    writeFileSync(models, `${readFileSync(models, 'utf8')}\n# Reservations are kept for a week.\n`);
  });
  git(dir, 'branch', 'feature', 'HEAD');
  git(dir, 'reset', '--quiet', '--hard', 'HEAD~1');
  const headSha = git(dir, 'rev-parse', 'feature').trim();
  await server.addRepo({ fullName: repo, from: dir, defaultBranch: 'main' });
  const pull = server.addPullRequest({
    repo,
    head: { repo, ref: 'feature' },
    base: { ref: 'main' },
    user: 'dev',
  });
  return { dir, headSha, pull };
}
