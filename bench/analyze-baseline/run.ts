/**
 * For each pair of pairs.json (collected first with collect.ts), runs the built CLI on the failing log,
 * without and with the passing log as `--baseline`, and measures against the lines marked by hand
 * (`explains`):
 *
 * - lines to read: the distinct log lines the excerpts' `lines` ranges cover ([a, b] covers b - a + 1);
 * - precision: marked lines among the covered lines / covered lines;
 * - recall: marked lines covered / marked lines.
 *
 * Totals are micro-averaged (sums over all pairs); the mean of the per-pair figures is given too. Prints a
 * markdown table and writes bench/.data/analyze-baseline/results.json.
 *
 *   npx tsx bench/analyze-baseline/run.ts [--only NAME]... [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, logFile, pairs, type Pair } from './collect.js';

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

export interface Measure {
  excerpts: number;
  /** Distinct lines the excerpts cover: what a person must read. */
  read: number;
  /** Marked lines among them. */
  hit: number;
  precision: number;
  recall: number;
  ranges: Array<[number, number, string]>;
  /** Covered lines that are not marked (what a person reads in vain). */
  unmarked: number[];
  seconds: number;
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

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;

function main(): void {
  const argv = process.argv.slice(2);
  const only = argv.flatMap((a, i) => (argv[i - 1] === '--only' ? [a] : []));
  if (!argv.includes('--no-build')) ensureBuilt();
  const chosen = pairs.filter((p) => only.length === 0 || only.includes(p.name));
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

  const rows = chosen.map((p) => {
    const explains = new Set(p.explains);
    const a = analyze(p, false);
    const b = analyze(p, true);
    return {
      name: p.name,
      ecosystem: p.ecosystem,
      tool: p.tool,
      marked: explains.size,
      without: measure(a.analysis, explains, a.seconds),
      with: measure(b.analysis, explains, b.seconds),
      left_out: b.analysis.summary.baseline?.excerpts_left_out ?? 0,
    };
  });

  const total = (key: 'without' | 'with') => {
    const read = rows.reduce((s, r) => s + r[key].read, 0);
    const hit = rows.reduce((s, r) => s + r[key].hit, 0);
    const marked = rows.reduce((s, r) => s + r.marked, 0);
    const mean = (f: (m: Measure) => number) => rows.reduce((s, r) => s + f(r[key]), 0) / rows.length;
    return {
      read,
      hit,
      marked,
      precision: read ? hit / read : 0,
      recall: marked ? hit / marked : 0,
      mean_precision: mean((m) => m.precision),
      mean_recall: mean((m) => m.recall),
      full_recall_pairs: rows.filter((r) => r[key].recall === 1).length,
    };
  };
  const without = total('without');
  const withB = total('with');
  const ratio = withB.read / without.read;
  const ratios = rows.map((r) => (r.without.read ? r.with.read / r.without.read : 1)).sort((x, y) => x - y);
  const meanRatio = ratios.reduce((s, x) => s + x, 0) / ratios.length;
  const medianRatio = ratios[Math.floor(ratios.length / 2)]!;
  const halved = ratios.filter((x) => x <= 0.5).length;
  const byEco = [...new Set(rows.map((r) => r.ecosystem))].map((eco) => {
    const rs = rows.filter((r) => r.ecosystem === eco);
    const sum = (k: 'without' | 'with', f: 'read' | 'hit') => rs.reduce((s, r) => s + r[k][f], 0);
    const marked = rs.reduce((s, r) => s + r.marked, 0);
    return {
      ecosystem: eco,
      pairs: rs.length,
      marked,
      without: { read: sum('without', 'read'), hit: sum('without', 'hit') },
      with: { read: sum('with', 'read'), hit: sum('with', 'hit') },
    };
  });

  const out: string[] = [];
  out.push(
    '| pair | tool | marked | read without | P without | R without | read with | P with | R with | with / without |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const r of rows)
    out.push(
      `| ${r.name} | ${r.tool} | ${r.marked} | ${r.without.read} | ${pct(r.without.precision)} | ${pct(r.without.recall)} | ` +
        `${r.with.read} | ${pct(r.with.precision)} | ${pct(r.with.recall)} | ${r.without.read ? (r.with.read / r.without.read).toFixed(2) : '–'} |`,
    );
  out.push(
    `| **total (${rows.length} pairs)** | | ${without.marked} | ${without.read} | ${pct(without.precision)} | ${pct(without.recall)} | ` +
      `${withB.read} | ${pct(withB.precision)} | ${pct(withB.recall)} | **${ratio.toFixed(2)}** |`,
    '',
    '| ecosystem | pairs | marked | read without | P without | R without | read with | P with | R with | with / without |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const e of byEco)
    out.push(
      `| ${e.ecosystem} | ${e.pairs} | ${e.marked} | ${e.without.read} | ${pct(e.without.hit / e.without.read)} | ${pct(e.without.hit / e.marked)} | ` +
        `${e.with.read} | ${pct(e.with.hit / e.with.read)} | ${pct(e.with.hit / e.marked)} | ${(e.with.read / e.without.read).toFixed(2)} |`,
    );
  out.push(
    '',
    `Lines to read: ${without.read} → ${withB.read} with the baseline (× ${ratio.toFixed(2)}; the goal is ≤ 0.50); ` +
      `per pair: mean × ${meanRatio.toFixed(2)}, median × ${medianRatio.toFixed(2)}, halved or better in ${halved} of ${rows.length}.`,
    `Precision (micro): ${pct(without.precision)} → ${pct(withB.precision)}; mean per pair ${pct(without.mean_precision)} → ${pct(withB.mean_precision)}.`,
    `Recall (micro): ${pct(without.recall)} → ${pct(withB.recall)}; mean per pair ${pct(without.mean_recall)} → ${pct(withB.mean_recall)}; ` +
      `pairs with every marked line found: ${without.full_recall_pairs} → ${withB.full_recall_pairs} of ${rows.length}.`,
  );
  console.log(out.join('\n'));
  const file = join(dataDir, 'results.json');
  writeFileSync(
    file,
    `${JSON.stringify({ when: new Date().toISOString(), totals: { without, with: withB, ratio, mean_ratio: meanRatio, median_ratio: medianRatio, halved }, by_ecosystem: byEco, pairs: rows }, null, 2)}\n`,
  );
  console.log(`\n→ ${file}`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
