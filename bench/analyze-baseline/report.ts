/**
 * The figures run.ts prints: per set, a table per pair with its total row, a table per ecosystem and the
 * summary lines; then, when more than one set ran, one table per set and the combined total. Totals are
 * micro-averaged (sums over the pairs); the means of the per-pair figures are given too.
 */
import type { SetName } from './pairs.js';
import type { Reach } from './reach.js';

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

export interface Row {
  name: string;
  set: SetName;
  ecosystem: string;
  tool: string;
  marked: number;
  without: Measure;
  with: Measure;
  reach: Reach;
  left_out: number;
}

type Side = 'without' | 'with';

export interface Total {
  pairs: number;
  marked: number;
  without: SideTotal;
  with: SideTotal;
  ratio: number;
  mean_ratio: number;
  median_ratio: number;
  halved: number;
  reach: Reach;
}

interface SideTotal {
  read: number;
  hit: number;
  precision: number;
  recall: number;
  mean_precision: number;
  mean_recall: number;
  full_recall_pairs: number;
}

const sum = (rows: Row[], f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);

export function total(rows: Row[]): Total {
  const marked = rows.reduce((s, r) => s + r.marked, 0);
  const side = (key: Side): SideTotal => {
    const read = rows.reduce((s, r) => s + r[key].read, 0);
    const hit = rows.reduce((s, r) => s + r[key].hit, 0);
    const mean = (f: (m: Measure) => number) => rows.reduce((s, r) => s + f(r[key]), 0) / rows.length;
    return {
      read,
      hit,
      precision: read ? hit / read : 0,
      recall: marked ? hit / marked : 0,
      mean_precision: mean((m) => m.precision),
      mean_recall: mean((m) => m.recall),
      full_recall_pairs: rows.filter((r) => r[key].recall === 1).length,
    };
  };
  const without = side('without');
  const withB = side('with');
  const ratios = rows.map((r) => (r.without.read ? r.with.read / r.without.read : 1)).sort((x, y) => x - y);
  return {
    pairs: rows.length,
    marked,
    without,
    with: withB,
    ratio: withB.read / without.read,
    mean_ratio: ratios.reduce((s, x) => s + x, 0) / ratios.length,
    median_ratio: ratios[Math.floor(ratios.length / 2)]!,
    halved: ratios.filter((x) => x <= 0.5).length,
    reach: {
      log: sum(rows, (r) => r.reach.log),
      log_new: sum(rows, (r) => r.reach.log_new),
      read_printed: sum(rows, (r) => r.reach.read_printed),
      read_printed_text: sum(rows, (r) => r.reach.read_printed_text),
    },
  };
}

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const HEAD = 'marked | read without | P without | R without | read with | P with | R with | with / without |';

/** The figures of a group of rows, as the cells after its label. */
function cells(t: Total): string {
  const w = t.without;
  const b = t.with;
  return (
    `${t.marked} | ${w.read} | ${pct(w.precision)} | ${pct(w.recall)} | ` +
    `${b.read} | ${pct(b.precision)} | ${pct(b.recall)} | ${t.ratio.toFixed(2)} |`
  );
}

function pairTable(rows: Row[]): string[] {
  const out = [`| pair | tool | ${HEAD}`, '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|'];
  for (const r of rows) out.push(`| ${r.name} | ${r.tool} | ${cells(total([r]))}`);
  const t = total(rows);
  const c = cells(t).replace(/ ([\d.]+) \|$/, ' **$1** |');
  out.push(`| **total (${rows.length} pairs)** | | ${c}`);
  return out;
}

function groupTable(label: string, groups: Array<[string, Row[]]>): string[] {
  const out = [`| ${label} | pairs | ${HEAD}`, '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|'];
  for (const [name, rs] of groups) out.push(`| ${name} | ${rs.length} | ${cells(total(rs))}`);
  return out;
}

function summary(t: Total): string[] {
  const w = t.without;
  const b = t.with;
  return [
    `Lines to read: ${w.read} → ${b.read} with the baseline (× ${t.ratio.toFixed(2)}; the goal is ≤ 0.50); ` +
      `per pair: mean × ${t.mean_ratio.toFixed(2)}, median × ${t.median_ratio.toFixed(2)}, halved or better in ${t.halved} of ${t.pairs}.`,
    `Precision (micro): ${pct(w.precision)} → ${pct(b.precision)}; mean per pair ${pct(w.mean_precision)} → ${pct(b.mean_precision)}.`,
    `Recall (micro): ${pct(w.recall)} → ${pct(b.recall)}; mean per pair ${pct(w.mean_recall)} → ${pct(b.mean_recall)}; ` +
      `pairs with every marked line found: ${w.full_recall_pairs} → ${b.full_recall_pairs} of ${t.pairs}.`,
    `What a diff can reach: of the ${b.read} lines read with the baseline, ${t.reach.read_printed} were printed by the passing run ` +
      `(${t.reach.read_printed_text} not blank), so no diff reads fewer than ${b.read - t.reach.read_printed} ` +
      `(× ${((b.read - t.reach.read_printed) / w.read).toFixed(2)} of those read without). The whole failing logs: ` +
      `${t.reach.log} lines, ${t.reach.log_new} of them not printed by the passing run (× ${(t.reach.log_new / t.reach.log).toFixed(2)}); ` +
      `read without the baseline × ${(w.read / t.reach.log).toFixed(2)} of them, with it × ${(b.read / t.reach.log).toFixed(2)}.`,
  ];
}

const groupBy = (rows: Row[], key: (r: Row) => string): Array<[string, Row[]]> =>
  [...new Set(rows.map(key))].map((k) => [k, rows.filter((r) => key(r) === k)]);

/** The markdown printed by run.ts. */
export function report(rows: Row[]): string {
  const out: string[] = [];
  const sets = groupBy(rows, (r) => r.set);
  for (const [set, rs] of sets) {
    out.push(`### Set \`${set}\``, '', ...pairTable(rs), '');
    out.push(
      ...groupTable(
        'ecosystem',
        groupBy(rs, (r) => r.ecosystem),
      ),
      '',
      ...summary(total(rs)),
      '',
    );
  }
  if (sets.length > 1) {
    out.push('### Combined', '', ...groupTable('set', sets));
    out.push(`| **combined** | ${rows.length} | ${cells(total(rows)).replace(/ ([\d.]+) \|$/, ' **$1** |')}`);
    out.push('', ...summary(total(rows)), '');
  }
  return out.join('\n');
}

/** The totals written to results.json: per set and combined. */
export function totals(rows: Row[]): Record<string, Total> {
  return Object.fromEntries([
    ...groupBy(rows, (r) => r.set).map(([set, rs]) => [set, total(rs)] as const),
    ['combined', total(rows)],
  ]);
}
