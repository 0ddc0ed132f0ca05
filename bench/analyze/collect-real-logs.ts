/**
 * Re-creates real GitHub Actions job logs for bench/analyze: for each job of real-jobs.json it checks out
 * the public repository at the commit given (from a local mirror), runs each step's command for real the
 * way the repository's workflow does (installs, test suites, linters), and wraps the output in the raw
 * job-log format the runner writes: a timestamp on every line (taken as the line arrives), set-up and
 * checkout steps, `##[group]Run <script>` headers with `shell:` and `env:`, `##[endgroup]`,
 * `##[error]Process completed with exit code N.` for a failed step (later steps are skipped unless they
 * say `always`), and the post steps. Paths of the checkout become the runner's workspace path.
 *
 * The logs quote the repositories' source, so they stay in bench/.data/real-logs/ (git-ignored); only the
 * manifest is committed. Mirrors are bare git repositories in `owner+name` folders (as the project's
 * `fetch` tool leaves them); when one is missing this says which to fetch and stops.
 *
 *   npx tsx bench/analyze/collect-real-logs.ts [--mirrors DIR] [--mix MIX] [--only JOB]... [--force]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkoutStep, JobLog, runSteps } from './job-log.js';
import { prepare, setUpJob, toolVersion, type Setup } from './job-setups.js';

export interface RealStep {
  run: string;
  /** Runs even when an earlier step failed (`if: always()`). */
  always?: boolean;
}

/**
 * `typical` and `dense` are the mixes the analyzer was tuned on; `unseen` holds ecosystems and projects
 * it was not tuned on (go, cargo, other pytest and jest projects), to check that a gain carries over.
 */
export type Mix = 'typical' | 'dense' | 'unseen';

export interface RealJob {
  name: string;
  mix: Mix;
  repo: string;
  commit: string;
  workflow: string;
  setup: Setup;
  steps: RealStep[];
  tools: Record<string, string>;
}

const here = import.meta.dirname;
const root = join(here, '../..');
export const realLogsDir = join(root, 'bench/.data/real-logs');
export const realJobs = (
  JSON.parse(readFileSync(join(here, 'real-jobs.json'), 'utf8')) as { jobs: RealJob[] }
).jobs;

/** A mirror is `DIR/owner+name`, itself a bare repository or holding one in `repo/`. */
export function findMirror(mirrors: string, repo: string): string | undefined {
  const dir = join(mirrors, repo.replace('/', '+'));
  for (const candidate of [join(dir, 'repo'), dir])
    if (existsSync(join(candidate, 'HEAD')) || existsSync(join(candidate, '.git'))) return candidate;
  return undefined;
}

/** Exits with what to fetch when a repository of `repos` has no mirror in `mirrors`. */
export function requireMirrors(mirrors: string, repos: string[]): void {
  const missing = [...new Set(repos)].filter((r) => !findMirror(mirrors, r));
  if (missing.length === 0) return;
  console.error(
    `No mirror in ${mirrors} for: ${missing.join(', ')}.\n` +
      `Fetch them first (bare git repositories in ${mirrors}/<owner>+<name>), e.g. with the fetch tool:\n` +
      missing.map((r) => `  github:${r}`).join('\n'),
  );
  process.exit(1);
}

export interface CollectedJob {
  name: string;
  bytes: number;
  lines: number;
  steps: Array<{ run: string; exit: number | 'skipped'; seconds: number }>;
  tools: Record<string, string>;
}

async function collect(job: RealJob, mirror: string, work: string): Promise<CollectedJob> {
  const repoName = job.repo.split('/')[1]!;
  const jobDir = join(work, job.name);
  rmSync(jobDir, { recursive: true, force: true });
  mkdirSync(jobDir, { recursive: true });
  const cwd = join(jobDir, repoName);
  execFileSync('git', ['clone', '--quiet', '--shared', '--no-checkout', mirror, cwd]);
  execFileSync('git', ['-C', cwd, 'checkout', '--quiet', '--detach', job.commit]);

  const ws = `/home/runner/work/${repoName}/${repoName}`;
  const file = join(realLogsDir, `${job.name}.log`);
  const { env, stepEnv, replacements, lines } = prepare(job.setup, jobDir, {
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    FORCE_COLOR: '1',
    PATH: process.env.PATH,
  });
  stepEnv.unshift('FORCE_COLOR: 1');
  const log = new JobLog(file, [[cwd, ws], ...replacements, [jobDir, '/home/runner/work/_temp']]);
  log.lines(setUpJob(job.name, job.repo, job.setup));
  log.lines(checkoutStep(job.repo, job.commit, ws));
  log.lines(lines);

  const steps = await runSteps(job.steps, { cwd, env, stepEnv, log });
  await log.close();

  const tools = Object.fromEntries(
    Object.keys(job.tools).map((t) => [t, toolVersion(job.setup, t, cwd, jobDir)]),
  );
  const text = readFileSync(file, 'utf8');
  const result: CollectedJob = {
    name: job.name,
    bytes: statSync(file).size,
    lines: text.split('\n').length - 1,
    steps,
    tools,
  };
  writeFileSync(join(realLogsDir, `${job.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  rmSync(jobDir, { recursive: true, force: true });
  return result;
}

/** The collected logs of the given mix, or undefined when one is missing (collect them first). */
export function realLogFiles(mix: Mix): string[] | undefined {
  const files = realJobs.filter((j) => j.mix === mix).map((j) => join(realLogsDir, `${j.name}.log`));
  return files.every((f) => existsSync(f)) ? files : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const mirrors = value('--mirrors') ?? '/work/.mirror';
  const work = value('--work') ?? join(tmpdir(), 'ci-autofix-real-logs');
  const only = argv.flatMap((a, i) => (argv[i - 1] === '--only' ? [a] : []));
  const mix = value('--mix');
  const force = argv.includes('--force');
  const jobs = realJobs.filter(
    (j) => (only.length === 0 || only.includes(j.name)) && (mix === undefined || j.mix === mix),
  );

  requireMirrors(
    mirrors,
    jobs.map((j) => j.repo),
  );
  mkdirSync(realLogsDir, { recursive: true });
  for (const job of jobs) {
    const file = join(realLogsDir, `${job.name}.log`);
    if (!force && existsSync(file) && existsSync(join(realLogsDir, `${job.name}.json`))) {
      console.log(`${job.name}: already collected (${file}); --force to redo`);
      continue;
    }
    console.log(`${job.name}: ${job.repo}@${job.commit.slice(0, 12)} …`);
    const r = await collect(job, findMirror(mirrors, job.repo)!, work);
    for (const s of r.steps)
      console.log(`  ${String(s.exit).padStart(7)}  ${s.seconds.toFixed(0).padStart(4)} s  ${s.run}`);
    const drift = Object.entries(job.tools).filter(([t, v]) => r.tools[t] !== v);
    for (const [t, v] of drift) console.log(`  warning: ${t} is ${r.tools[t]}, the manifest says ${v}`);
    console.log(`  ${(r.bytes / 1024).toFixed(0)} KiB, ${r.lines} lines → ${file}`);
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
