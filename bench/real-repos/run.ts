/**
 * bench/real-repos: ci-autofix against real CI failures from public repositories' history.
 *
 *   npx tsx bench/real-repos/run.ts [--only ID,...] [--category format,...] [--language python,...]
 *     [--strategies nothing,blind,autofix[,reference][,model-double]] [--mirrors DIR] [--root DIR] [--out FILE] [--keep]
 *     [--no-build] [--check-timeout S] [--fix-timeout S]
 *   npx tsx bench/real-repos/run.ts --report results.json[,more.json]   (earlier runs; later files win)
 *
 * Each case and strategy gets a fresh clone of the repository's local mirror at the failing commit
 * (`reference`: at the fix commit, to prove the case valid). Results go to
 * bench/.data/real-repos/results.json (or --out), rewritten after each case; the markdown report goes to stdout.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { cloneCase, mirrorOf, MirrorMissing } from './clone-case.js';
import { loadCases, type RealCase } from './real-case.js';
import { renderReport, type CaseResult } from './render-report.js';
import { runStrategy, STRATEGIES, type Strategy } from './strategies.js';
import { prepareToolchain } from './toolchain.js';

const here = import.meta.dirname;
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const list = (name: string) => opt(name)?.split(',').filter(Boolean);

const root = opt('root') ?? join(here, '../..');
const mirrors = opt('mirrors') ?? '/work/.mirror';
const dataDir = join(root, 'bench/.data/real-repos');
const strategies = (list('strategies') ?? ['nothing', 'blind', 'autofix']) as Strategy[];
for (const s of strategies)
  if (!STRATEGIES.includes(s)) throw new Error(`unknown strategy ${s} (${STRATEGIES.join(', ')})`);
const only = list('only');
const categories = list('category');
const languages = list('language');
const keep = args.includes('--keep');
const checkTimeout = Number(opt('check-timeout') ?? 600);
const fixTimeout = Number(opt('fix-timeout') ?? 1800);

// --report FILE: print the report of an earlier run's results (e.g. runs split by --category) and stop.
// A case in a later file replaces the same case of an earlier one (a re-run of a few cases).
const reportOf = opt('report');
if (reportOf) {
  const byId = new Map<string, CaseResult>();
  for (const f of reportOf.split(','))
    for (const r of JSON.parse(readFileSync(f, 'utf8')) as CaseResult[]) byId.set(r.id, r);
  const earlier = [...byId.values()];
  const used = STRATEGIES.filter((s) => earlier.some((r) => r.strategies[s]));
  console.log(renderReport(earlier, used, 0));
  process.exit(0);
}

// cases.json, then each tool family's own file in cases.d/ (one file each, so families are added apart).
const caseFiles = opt('cases')
  ? [opt('cases')!]
  : [
      join(here, 'cases.json'),
      ...(existsSync(join(here, 'cases.d'))
        ? readdirSync(join(here, 'cases.d'))
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => join(here, 'cases.d', f))
        : []),
    ];
const cases = caseFiles
  .flatMap((f) => loadCases(f))
  .filter(
    (c) =>
      (!only || only.includes(c.id)) &&
      (!categories || categories.includes(c.category)) &&
      (!languages || languages.includes(c.language)),
  );
if (cases.length === 0) throw new Error('no case matches the filters');

mkdirSync(dataDir, { recursive: true });
if (strategies.some((s) => s === 'autofix' || s === 'model-double') && !args.includes('--no-build'))
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });

console.error(
  `bench/real-repos on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}: ${cases.length} cases, ${strategies.join(', ')}`,
);
const started = Date.now();
const results: CaseResult[] = [];
const resultsFile = opt('out') ?? join(dataDir, 'results.json');

for (const c of cases) {
  const result: CaseResult = {
    id: c.id,
    repo: c.repo,
    category: c.category,
    language: c.language,
    tool: c.tool,
    strategies: {},
  };
  results.push(result);
  for (const s of strategies) {
    try {
      const r = await runOne(c, s);
      result.strategies[s] = r;
      console.error(
        `${c.id} ${s}: ${r.pass ? 'pass' : 'FAIL'} (${r.seconds.toFixed(1)} s${r.outcome ? `, ${r.outcome}` : ''}${r.model ? `, ${r.model.requests} request(s)` : ''})${r.pass ? '' : ` ${r.reason?.slice(0, 300)}`}`,
      );
    } catch (e) {
      // One broken case never stops the run: a missing mirror or a failed install skips the case.
      result.skipped =
        e instanceof MirrorMissing ? e.message : `setup failed: ${(e as Error).message.slice(0, 400)}`;
      console.error(`${c.id} ${s}: skipped: ${result.skipped}`);
      break;
    }
  }
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
}

async function runOne(c: RealCase, s: Strategy) {
  const clone = cloneCase(mirrors, c, s === 'reference' ? c.fix_commit : c.failing_commit);
  try {
    const env = prepareToolchain(c, clone, dataDir);
    const mirror = mirrorOf(mirrors, c.repo)!;
    return await runStrategy(s, { c, clone, env, root, mirror, checkTimeout, fixTimeout });
  } finally {
    if (!keep) rmSync(clone, { recursive: true, force: true });
    else console.error(`  kept ${clone}`);
  }
}

const seconds = (Date.now() - started) / 1000;
console.log(renderReport(results, strategies, seconds));
console.error(`results: ${resultsFile}`);
