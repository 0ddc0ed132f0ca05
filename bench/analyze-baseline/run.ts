/**
 * For each pair of pairs.json and pairs-installs.json (collected first with collect.ts), runs the built CLI on the failing log,
 * without and with the passing log as `--baseline`, and measures against the lines marked by hand
 * (`explains`):
 *
 * - lines to read: the distinct log lines the excerpts' `lines` ranges cover ([a, b] covers b - a + 1);
 * - precision: marked lines among the covered lines / covered lines;
 * - recall: marked lines covered / marked lines.
 *
 * and how far any diff could go (reach.ts): the lines of the failing log the passing run did not print,
 * and the lines still read with the baseline that the passing run printed too.
 *
 * Totals are micro-averaged (sums over the pairs), per set and combined (report.ts); the mean of the
 * per-pair figures is given too. Prints markdown tables and writes bench/.data/analyze-baseline/results.json
 * (results-partial.json when only some pairs ran).
 *
 *   npx tsx bench/analyze-baseline/run.ts [--set tools|installs] [--only NAME]... [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, logFile } from './collect.js';
import { choosePairs, type Pair } from './pairs.js';
import { reach } from './reach.js';
import { report, totals, type Measure, type Row } from './report.js';

const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/ci-autofix.js');
const bundle = join(root, 'dist/bundle/run.js');

function newestUnder(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm run build` once when the bundle the CLI loads is missing or older than a file of src/. */
function ensureBuilt(): void {
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  if (built >= newestUnder(join(root, 'src'))) return;
  console.log('dist/bundle is older than src/: npm run build …');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

interface Excerpt {
  step: string;
  lines: [number, number];
  reason: string;
  new_lines?: number[];
}

interface Analysis {
  excerpts: Excerpt[];
  summary: { baseline?: { excerpts_left_out: number } };
}

function analyze(p: Pair, baseline: boolean): { analysis: Analysis; seconds: number } {
  const args = [cli, 'analyze', logFile(p, 'failing'), '--format', 'json'];
  if (baseline) args.push('--baseline', logFile(p, 'passing'));
  const t = process.hrtime.bigint();
  const out = execFileSync('node', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { analysis: JSON.parse(out) as Analysis, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

function measure(a: Analysis, explains: Set<number>, seconds: number): Measure {
  const covered = new Set<number>();
  for (const e of a.excerpts) for (let n = e.lines[0]; n <= e.lines[1]; n++) covered.add(n);
  const hit = [...covered].filter((n) => explains.has(n)).length;
  return {
    excerpts: a.excerpts.length,
    read: covered.size,
    hit,
    precision: covered.size ? hit / covered.size : 0,
    recall: explains.size ? hit / explains.size : 0,
    ranges: a.excerpts.map((e) => [e.lines[0], e.lines[1], e.reason]),
    unmarked: [...covered].filter((n) => !explains.has(n)).sort((x, y) => x - y),
    seconds,
  };
}

/** Stops when a chosen pair has no logs yet or no marked lines. */
function checkChosen(chosen: Pair[]): void {
  const missing = chosen.filter(
    (p) => !existsSync(logFile(p, 'failing')) || !existsSync(logFile(p, 'passing')),
  );
  if (missing.length) {
    console.error(
      `Not collected: ${missing.map((p) => p.name).join(', ')}. Run npx tsx bench/analyze-baseline/collect.ts first.`,
    );
    process.exit(1);
  }
  const unmarked = chosen.filter((p) => p.explains.length === 0);
  if (unmarked.length) {
    console.error(`No lines marked (explains) for: ${unmarked.map((p) => p.name).join(', ')}`);
    process.exit(1);
  }
}

function main(): void {
  const argv = process.argv.slice(2);
  if (!argv.includes('--no-build')) ensureBuilt();
  const chosen = choosePairs(argv);
  checkChosen(chosen);
  const rows: Row[] = chosen.map((p) => {
    const explains = new Set(p.explains);
    const a = analyze(p, false);
    const b = analyze(p, true);
    const withB = measure(b.analysis, explains, b.seconds);
    const readWith = withB.ranges.flatMap(([x, y]) => Array.from({ length: y - x + 1 }, (_, i) => x + i));
    return {
      name: p.name,
      set: p.set,
      ecosystem: p.ecosystem,
      tool: p.tool,
      marked: explains.size,
      without: measure(a.analysis, explains, a.seconds),
      with: withB,
      reach: reach(logFile(p, 'failing'), logFile(p, 'passing'), new Set(readWith)),
      left_out: b.analysis.summary.baseline?.excerpts_left_out ?? 0,
    };
  });
  console.log(report(rows));
  const only = argv.some((a) => a === '--only' || a === '--set');
  const file = join(dataDir, only ? 'results-partial.json' : 'results.json');
  writeFileSync(
    file,
    `${JSON.stringify({ when: new Date().toISOString(), totals: totals(rows), pairs: rows }, null, 2)}\n`,
  );
  console.log(`→ ${file}`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
