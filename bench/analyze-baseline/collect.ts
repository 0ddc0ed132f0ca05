/**
 * Re-creates, for each pair of pairs.json and pairs-installs.json (pairs.ts), two raw GitHub Actions job
 * logs of the same job: one at the failing commit and one at the passing commit, with the same steps. Each
 * step's command runs for real in a fresh clone of the repository's local mirror (tools installed for
 * real: pip from the local wheel index into a fresh virtualenv, npm into the job's temp folder or the
 * project's own `npm ci`, the system's Go and Rust toolchains), and its output is wrapped the way the
 * runner writes a job log: a timestamp on every line, `Current runner version`, the set-up-job block, a
 * checkout step, the setup action's step, `##[group]Run <script>` headers and `##[error]Process completed
 * with exit code N.` for a failed step (later steps are skipped).
 *
 * The per-ecosystem setup (virtualenv and wheel index, Go without a module proxy, cargo offline) and the
 * set-up-job block are bench/analyze's (job-setups.ts), the mirror lookup is collect-real-logs.ts's; the
 * line writer, the step runner and the checkout step are not exported there, so small equivalents live
 * here (GITHUB_PATH is honoured between steps, as the runner does).
 *
 * The logs quote the repositories' code and stay in bench/.data/analyze-baseline/<pair>/ (git-ignored):
 * failing.log, passing.log and collect.json (exit codes, seconds, line counts, tool versions).
 *
 *   npx tsx bench/analyze-baseline/collect.ts [--mirrors DIR] [--set tools|installs] [--only NAME]...
 *     [--jobs N] [--force]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMirror, requireMirrors } from '../analyze/collect-real-logs.js';
import { checkoutStep, JobLog, runSteps } from '../analyze/job-log.js';
import { prepare, setUpJob, toolVersion } from '../analyze/job-setups.js';
import { choosePairs, type Pair } from './pairs.js';

const here = import.meta.dirname;
const root = join(here, '../..');
export const dataDir = join(root, 'bench/.data/analyze-baseline');
export type Side = 'failing' | 'passing';
export const logFile = (p: Pair, side: Side) => join(dataDir, p.name, `${side}.log`);

export interface Collected {
  side: Side;
  commit: string;
  lines: number;
  steps: Array<{ run: string; exit: number | 'skipped'; seconds: number }>;
  tool: string;
  seconds: number;
}

const TOOL_OF: Record<string, string> = { 'ruff-format': 'ruff', 'gofmt-s': 'gofmt' };

/** The version of the pair's tool the job ran: Biome's from its own binary, a project's from node_modules. */
function version(p: Pair, cwd: string, jobDir: string, env: NodeJS.ProcessEnv): string {
  if (p.setup !== 'node' || p.tool !== 'biome')
    return toolVersion(p.setup, TOOL_OF[p.tool] ?? p.tool, cwd, jobDir);
  try {
    return execFileSync('biome', ['--version'], { encoding: 'utf8', env }).trim();
  } catch {
    return 'missing';
  }
}

async function collectSide(p: Pair, side: Side, mirror: string, work: string): Promise<Collected> {
  const started = Date.now();
  const commit = side === 'failing' ? p.failing_commit : p.passing_commit;
  const repoName = p.repo.split('/')[1]!;
  const jobDir = join(work, `${p.name}-${side}`);
  rmSync(jobDir, { recursive: true, force: true });
  mkdirSync(join(jobDir, '_temp/_runner_file_commands'), { recursive: true });
  const cwd = join(jobDir, repoName);
  execFileSync('git', ['clone', '--quiet', '--shared', '--no-checkout', mirror, cwd]);
  execFileSync('git', ['-C', cwd, 'checkout', '--quiet', '--detach', commit]);

  const ws = `/home/runner/work/${repoName}/${repoName}`;
  const pathFile = join(jobDir, '_temp/_runner_file_commands/add_path');
  writeFileSync(pathFile, '');
  const { env, stepEnv, replacements, lines } = prepare(p.setup, jobDir, {
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    FORCE_COLOR: '1',
    PATH: process.env.PATH,
    RUNNER_TEMP: join(jobDir, '_temp'),
    GITHUB_PATH: pathFile,
    // Python tools from the local wheel index only (job-setups sets the index); npm's own cache is shared.
    PIP_CONFIG_FILE: '/dev/null',
    npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? '/root', '.npm'),
    // The machine's own certificate and proxy settings, without which npm cannot reach its registry here.
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => /^(NODE_EXTRA_CA_CERTS|https?_proxy|no_proxy)$/i.test(k)),
    ),
  });
  stepEnv.unshift('FORCE_COLOR: 1');
  // The workflow's job-level `env:` (as luxon's TZ): set for every step and listed in each step's header.
  for (const [k, v] of Object.entries(p.env ?? {})) {
    env[k] = v;
    stepEnv.push(`${k}: ${v}`);
  }
  const file = logFile(p, side);
  mkdirSync(join(dataDir, p.name), { recursive: true });
  const log = new JobLog(file, [
    [cwd, ws],
    ...replacements,
    [join(jobDir, '_temp'), '/home/runner/work/_temp'],
    [jobDir, '/home/runner/work/_temp'],
  ]);
  log.lines(setUpJob(p.name, p.repo, p.setup));
  log.lines(checkoutStep(p.repo, commit, ws));
  log.lines(lines);

  const steps = await runSteps(p.steps, { cwd, env, stepEnv, log, limitSeconds: 900, pathFile });
  await log.close();
  const tool = version(p, cwd, jobDir, env);
  rmSync(jobDir, { recursive: true, force: true });
  return { side, commit, lines: log.count, steps, tool, seconds: (Date.now() - started) / 1000 };
}

async function pool<T>(items: T[], n: number, f: (t: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let it = queue.shift(); it !== undefined; it = queue.shift()) await f(it);
    }),
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const mirrors = value('--mirrors') ?? '/work/.mirror';
  const work = value('--work') ?? join(tmpdir(), 'ci-autofix-analyze-baseline');
  const jobs = Number(value('--jobs') ?? 4);
  const force = argv.includes('--force');
  const chosen = choosePairs(argv);
  requireMirrors(
    mirrors,
    chosen.map((p) => p.repo),
  );
  mkdirSync(dataDir, { recursive: true });
  const t0 = Date.now();
  let problems = 0;
  await pool(chosen, jobs, async (p) => {
    const meta = join(dataDir, p.name, 'collect.json');
    if (!force && existsSync(meta)) {
      console.log(`${p.name}: already collected; --force to redo`);
      return;
    }
    const mirror = findMirror(mirrors, p.repo)!;
    const sides: Collected[] = [];
    for (const side of ['failing', 'passing'] as const) sides.push(await collectSide(p, side, mirror, work));
    const [f, s] = sides as [Collected, Collected];
    const lastExit = (c: Collected) => c.steps[c.steps.length - 1]!.exit;
    const setupOk = (c: Collected) => c.steps.slice(0, -1).every((x) => x.exit === 0);
    const ok = setupOk(f) && setupOk(s) && lastExit(f) !== 0 && lastExit(s) === 0;
    if (!ok) problems++;
    writeFileSync(meta, `${JSON.stringify({ name: p.name, ok, failing: f, passing: s }, null, 2)}\n`);
    console.log(
      `${p.name}: failing ${f.lines} lines (check exit ${lastExit(f)}), passing ${s.lines} lines ` +
        `(check exit ${lastExit(s)}), ${p.tool} ${f.tool}, ${(f.seconds + s.seconds).toFixed(1)} s` +
        (ok ? '' : '  ← NOT a failing/passing pair: see collect.json'),
    );
  });
  console.log(
    `${chosen.length} pair(s) in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${problems} problem(s)`,
  );
  if (problems) process.exitCode = 1;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
