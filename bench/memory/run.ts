/**
 * bench/memory (issue 23): does the fix memory make the next fix cheaper and safer? A sequence of real
 * failures from bench/real-repos (the flake8 cases, which only a model fixes) and recurring variants of
 * each — the same change again in another branch (`again`), and again under a comment line that moves
 * every line (`moved`) — fixed by `ci-autofix fix` with the model double of bench/real-repos, which cannot
 * fix a third of the kinds of failure (chosen by signature, before running). Three passes over the
 * sequence:
 *
 * - learning: the memory on, empty at first; after each run the fixes it committed are accepted, as a
 *   merge would accept them;
 * - cold: the memory off (`CI_AUTOFIX_MEMORY=0`), as before issue 23;
 * - warm: the memory of the learning pass; cold and warm run side by side, run by run.
 *
 * Prints model requests, cost, time and fixed runs per pass, and the memory's decisions (from the JSON).
 *
 * The double answers as slowly as a model does (`--latency FIRST_MS:TOKENS_PER_S`, default 1800:63, the
 * published time to first token and output speed of Claude Sonnet 4.5; `--latency 0` answers at once):
 * a request the memory avoids saves that time too.
 *
 *   npx tsx bench/memory/run.ts [--repos celery/celery,encode/django-rest-framework] [--limit N] [--only ID]...
 *     [--latency 1800:63]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, StoreFixMemory } from '../../src/store/index.js';
import { signatureOf } from '../../src/triage/index.js';
import { autofixArgv, readFixJson } from '../real-repos/autofix-json.js';
import { cloneCase, mirrorOf } from '../real-repos/clone-case.js';
import { referenceHunks } from '../real-repos/double/reference.js';
import { startModelDouble, type Latency } from '../real-repos/double/server.js';
import { execCommandAsync } from '../real-repos/exec-command.js';
import { doubleEnv } from '../real-repos/model-double.js';
import { loadCases, type RealCase } from '../real-repos/real-case.js';
import { prepareToolchain } from '../real-repos/toolchain.js';

const root = join(import.meta.dirname, '../..');
const dataDir = join(root, 'bench/.data/memory');
const mirrors = process.env.MIRRORS ?? '/work/.mirror';
const argv = process.argv.slice(2);
const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const repos = (opt('--repos') ?? 'celery/celery,encode/django-rest-framework,jazzband/pip-tools').split(',');
const limit = Number(opt('--limit') ?? 100);
const only = argv.flatMap((a, i) => (a === '--only' ? [argv[i + 1]!] : []));
const [firstTokenMs, tokensPerSecond] = (opt('--latency') ?? '1800:63').split(':').map(Number);
const latency: Latency | undefined = firstTokenMs
  ? { firstTokenMs, tokensPerSecond: tokensPerSecond || 63 }
  : undefined;

/** The double cannot fix a failure whose signature's last hex digit is a multiple of 3 (a third of kinds). */
function refuses(failures: string): boolean {
  return failures.split('\n').some((line) => {
    const m = /^- (\S+?):\d+(?::\d+)? (\S+)(?: ([A-Z]+\d+))?: (.*)$/.exec(line);
    if (!m) return false;
    const id = signatureOf({
      message: m[4]!,
      source: { name: m[2]! },
      ...(m[3] ? { code: { value: m[3] } } : {}),
      location: { path: m[1]! },
    }).id;
    return parseInt(id.slice(-1), 16) % 3 === 0;
  });
}

type Variant = 'first' | 'again' | 'moved';
interface Run {
  pass: string;
  case: string;
  variant: Variant;
  outcome: string;
  requests: number;
  usd: number;
  ms: number;
  /** The CLI's wall time (the memory's opening included), seconds. */
  wall: number;
  decisions: Record<string, number>;
  commits: string[];
}

/** The case's failing tree as a fresh clone, on a branch of its own; `moved` adds a line atop each file. */
function checkout(c: RealCase, variant: Variant): string {
  const clone = cloneCase(mirrors, c);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8' });
  git('remote', 'set-url', 'origin', `https://github.com/${c.repo}.git`);
  git('checkout', '--quiet', '-b', `bench-${variant}`);
  if (variant === 'moved') {
    for (const f of c.failing_files) {
      const p = join(clone, f);
      writeFileSync(p, `# moved by bench/memory\n${readFileSync(p, 'utf8')}`);
    }
    git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '--quiet', '-am', 'move');
  }
  return clone;
}

async function runOnce(
  c: RealCase,
  variant: Variant,
  pass: string,
  state: string,
  memory: boolean,
): Promise<Run> {
  const clone = checkout(c, variant);
  const mirror = mirrorOf(mirrors, c.repo)!;
  const double = await startModelDouble(
    referenceHunks(mirror, c.failing_commit, c.fix_commit, c.failing_files),
    refuses,
    latency,
  );
  try {
    const env = doubleEnv(prepareToolchain(c, clone, dataDir), double.url, state);
    if (!memory) env.CI_AUTOFIX_MEMORY = '0';
    const ctx = { c, clone, env, root, mirror, checkTimeout: 600, fixTimeout: 900 };
    const r = await execCommandAsync(autofixArgv(ctx), { cwd: clone, env, timeoutSeconds: 900 });
    if (process.env.BENCH_DUMP)
      writeFileSync(`${process.env.BENCH_DUMP}/${pass}-${c.id}-${variant}.log`, r.output);
    const read = readFixJson(r.stdout, r.output, `exit ${r.code}`);
    const json = (read.json ?? {}) as {
      cost?: { usd: number };
      timing?: { total_ms: number };
      commits?: string[];
      memory?: { decisions: Array<{ decision: string }> };
    };
    const decisions: Record<string, number> = {};
    for (const d of json.memory?.decisions ?? []) decisions[d.decision] = (decisions[d.decision] ?? 0) + 1;
    return {
      pass,
      case: c.id,
      variant,
      outcome: read.outcome,
      requests: double.requests.length,
      usd: json.cost?.usd ?? 0,
      ms: json.timing?.total_ms ?? r.seconds * 1000,
      wall: r.seconds,
      decisions,
      commits: json.commits ?? [],
    };
  } finally {
    await double.close();
    rmSync(clone, { recursive: true, force: true });
  }
}

/** People accept what the run committed (a merge would): the memory's verdicts, in its own store. */
async function accept(state: string, repo: string, commits: string[]): Promise<void> {
  if (!commits.length) return;
  const db = await openDatabase({ dataDir: join(state, 'memory') });
  try {
    await new StoreFixMemory(db).judge(repo, commits, 'accepted', 'bench/memory: merged');
  } finally {
    await db.close();
  }
}

/** One run of a case's variant in a pass, its fixes accepted when the memory is on. */
async function step(name: string, c: RealCase, variant: Variant, state: string, memory: boolean) {
  const r = await runOnce(c, variant, name, state, memory);
  if (memory) await accept(state, c.repo, r.commits);
  console.error(
    `${name} ${c.id} ${variant}: ${r.outcome}, ${r.requests} request(s), ${JSON.stringify(r.decisions)}`,
  );
  return r;
}

const VARIANTS = ['first', 'again', 'moved'] as const;

/** A pass over the sequence. */
async function pass(name: string, cases: RealCase[], state: string, memory: boolean): Promise<Run[]> {
  const runs: Run[] = [];
  for (const c of cases)
    for (const variant of VARIANTS) runs.push(await step(name, c, variant, state, memory));
  return runs;
}

/**
 * The cold and warm passes run side by side, each run of one right after the same run of the other:
 * the machine's load then weighs on both alike, and the time to fix compares run by run.
 */
async function pairedPasses(cases: RealCase[], states: string): Promise<{ cold: Run[]; warm: Run[] }> {
  const cold: Run[] = [];
  const warm: Run[] = [];
  for (const c of cases)
    for (const variant of VARIANTS) {
      cold.push(await step('cold', c, variant, join(states, 'cold'), false));
      warm.push(await step('warm', c, variant, join(states, 'warm'), true));
    }
  return { cold, warm };
}

function totals(runs: Run[]) {
  const sum = (f: (r: Run) => number) => runs.reduce((n, r) => n + f(r), 0);
  const decisions: Record<string, number> = {};
  for (const r of runs)
    for (const [k, v] of Object.entries(r.decisions)) decisions[k] = (decisions[k] ?? 0) + v;
  return {
    runs: runs.length,
    fixed: runs.filter((r) => r.outcome === 'fixed').length,
    requests: sum((r) => r.requests),
    usd: sum((r) => r.usd),
    seconds: sum((r) => r.ms) / 1000,
    wall: sum((r) => r.wall),
    decisions,
  };
}

async function main(): Promise<void> {
  const candidates = loadCases(join(root, 'bench/real-repos/cases.json'))
    .filter((c) => c.tool === 'flake8' && repos.includes(c.repo) && mirrorOf(mirrors, c.repo))
    .filter((c) => !only.length || only.includes(c.id));
  mkdirSync(dataDir, { recursive: true });
  const states = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  // Only cases whose fix asks the model can show what the memory saves: each case's first run, cold,
  // decides.
  const screened: Run[] = [];
  for (const c of candidates) {
    const r = await runOnce(c, 'first', 'cold', join(states, 'cold'), false);
    console.error(`screen ${c.id}: ${r.outcome}, ${r.requests} request(s)`);
    if (r.requests > 0) screened.push(r);
  }
  const cases = candidates.filter((c) => screened.some((r) => r.case === c.id)).slice(0, limit);
  const learning = await pass('learning', cases, join(states, 'learning'), true);
  cpSync(join(states, 'learning'), join(states, 'warm'), { recursive: true });
  const { cold, warm } = await pairedPasses(cases, states);
  const table = [
    '| pass | runs | fixed | model requests | cost (USD) | time to fix (s) | CLI wall time (s) | memory decisions |',
    '|---|--:|--:|--:|--:|--:|--:|---|',
    ...(
      [
        ['cold', cold],
        ['learning', learning],
        ['warm', warm],
      ] as const
    ).map(([name, runs]) => {
      const t = totals(runs);
      return `| ${name} | ${t.runs} | ${t.fixed} | ${t.requests} | ${t.usd.toFixed(4)} | ${t.seconds.toFixed(1)} | ${t.wall.toFixed(1)} | ${JSON.stringify(t.decisions)} |`;
    }),
  ];
  const answer = latency ? `${latency.firstTokenMs} ms + ${latency.tokensPerSecond} tokens/s` : 'at once';
  const saved = cold.map((r, i) => r.ms - warm[i]!.ms).sort((a, b) => a - b);
  const median = saved[Math.floor(saved.length / 2)]! / 1000;
  const faster = saved.filter((d) => d > 0).length;
  console.log(
    `cases asking the model: ${cases.map((c) => c.id).join(', ')} (of ${candidates.length} screened); the model answers ${answer}\n\n${table.join('\n')}\n\nwarm against cold, run by run: ${faster} of ${saved.length} runs faster, median ${median.toFixed(1)} s saved`,
  );
  const file = join(dataDir, 'results.json');
  writeFileSync(
    file,
    `${JSON.stringify({ when: new Date().toISOString(), cold, learning, warm }, null, 2)}\n`,
  );
  console.error(`→ ${file}`);
  rmSync(states, { recursive: true, force: true });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
