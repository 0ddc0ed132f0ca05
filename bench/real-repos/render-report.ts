import { CATEGORIES, NEEDS_MODEL, type RealCase } from './real-case.js';
import { renderDouble } from './render-double.js';
import type { Strategy, StrategyResult } from './strategies.js';

export interface CaseResult {
  id: string;
  repo: string;
  category: RealCase['category'];
  language: RealCase['language'];
  tool: string;
  /** Set when the case could not run at all (mirror missing, setup failed): it counts in no column. */
  skipped?: string;
  strategies: Partial<Record<Strategy, StrategyResult>>;
}

const cell = (rows: CaseResult[], s: Strategy) => {
  const ran = rows.filter((r) => r.strategies[s]);
  if (ran.length === 0) return '–';
  const pass = ran.filter((r) => r.strategies[s]!.pass).length;
  return `${pass}/${ran.length} (${Math.round((100 * pass) / ran.length)}%)`;
};

function table(title: string, groups: Array<[string, CaseResult[]]>, strategies: Strategy[]): string[] {
  if (groups.every(([, rows]) => rows.length === 0))
    return [`### ${title}`, '', 'No case of these categories ran.', ''];
  const lines = [
    `### ${title}`,
    '',
    `| | cases | ${strategies.join(' | ')} |`,
    `|---|---|${strategies.map(() => '---|').join('')}`,
  ];
  for (const [name, rows] of groups)
    if (rows.length)
      lines.push(`| ${name} | ${rows.length} | ${strategies.map((s) => cell(rows, s)).join(' | ')} |`);
  return [...lines, ''];
}

/** The markdown report: passes per category and language for each strategy, then every autofix failure. */
export function renderReport(results: CaseResult[], strategies: Strategy[], seconds: number): string {
  const ran = results.filter((r) => !r.skipped);
  const det = ran.filter((r) => !NEEDS_MODEL.includes(r.category));
  const model = ran.filter((r) => NEEDS_MODEL.includes(r.category));
  const byLang = (rows: CaseResult[]) =>
    ['python', 'typescript', 'javascript'].map(
      (l) => [l, rows.filter((r) => r.language === l)] as [string, CaseResult[]],
    );
  const out = [
    `## bench/real-repos: ${ran.length} cases run (${results.length - ran.length} skipped)${seconds ? `, ${Math.round(seconds)} s` : ''}`,
    '',
    'pass = the check exits 0 and every changed file is one the check named at the failing commit.',
    '',
    ...table(
      'Deterministic categories (format, import, lint)',
      [
        ...CATEGORIES.filter((c) => !NEEDS_MODEL.includes(c)).map(
          (c) => [c, det.filter((r) => r.category === c)] as [string, CaseResult[]],
        ),
        ...byLang(det),
        ['**all**', det],
      ],
      strategies,
    ),
    ...table(
      `Need a model (type, syntax)${strategies.includes('model-double') ? '' : ': no model configured in this run'}`,
      [
        ...NEEDS_MODEL.map((c) => [c, model.filter((r) => r.category === c)] as [string, CaseResult[]]),
        ['**all**', model],
      ],
      strategies,
    ),
  ];
  out.push(...renderDouble(ran));
  if (strategies.includes('autofix')) {
    const failures = ran.filter((r) => r.strategies.autofix && !r.strategies.autofix.pass);
    out.push(`### autofix failures (${failures.length})`, '');
    for (const r of failures) {
      const a = r.strategies.autofix!;
      const blind = r.strategies.blind ? ` (blind: ${r.strategies.blind.pass ? 'pass' : 'fail'})` : '';
      out.push(`- **${r.id}** [${r.category}, ${r.tool}]${blind}: ${a.reason ?? ''}`);
    }
    out.push('');
  }
  const skipped = results.filter((r) => r.skipped);
  if (skipped.length)
    out.push(`### skipped (${skipped.length})`, '', ...skipped.map((r) => `- ${r.id}: ${r.skipped}`), '');
  return out.join('\n');
}
