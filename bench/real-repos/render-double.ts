import { CATEGORIES } from './real-case.js';
import type { CaseResult } from './render-report.js';

const median = (xs: number[]) => {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
};

/** Did ci-autofix leave findings for the model, or ask it anything? */
const reached = (r: CaseResult) => {
  const m = r.strategies['model-double']?.model;
  return !!m && (m.model_findings > 0 || m.requests > 0);
};

function row(name: string, rows: CaseResult[]): string {
  const runs = rows.map((r) => r.strategies['model-double']!);
  const fixed = runs.filter((s) => s.pass).length;
  const requests = runs.reduce((n, s) => n + (s.model?.requests ?? 0), 0);
  const input = median(runs.flatMap((s) => s.model?.input_tokens ?? []));
  const output = median(runs.flatMap((s) => s.model?.output_tokens ?? []));
  const perFixed = fixed ? (requests / fixed).toFixed(1) : '–';
  return `| ${name} | ${fixed}/${rows.length} | ${rows.filter(reached).length} | ${requests} | ${perFixed} | ${input ?? '–'} | ${output ?? '–'} |`;
}

/** The heading a failure's reason is counted under (double/summary.ts writes them). */
export function reasonKind(reason: string): string {
  if (reason.startsWith('model stage not reached'))
    return /\[deterministic/.test(reason)
      ? 'model stage not reached: triaged deterministic, and the fixer left it'
      : 'model stage not reached';
  if (reason.startsWith('model double failed')) return 'model double failed';
  if (reason.startsWith('context too short')) return 'context too short (the fix is not in the lines shown)';
  if (/silence the tool|eslint-disable|@ts-ignore|type: ignore|noqa/.test(reason))
    return 'refused by the safety policy: the reference fix adds a suppression comment';
  if (/assertion/i.test(reason)) return 'refused by the safety policy: assertions';
  if (/still reported/.test(reason)) return 'dropped: still reported after the edit';
  if (/- new:|new: /.test(reason)) return 'dropped: new findings after the edit';
  if (reason.startsWith('no model request')) return 'no model request';
  if (/edit outside the failing files/.test(reason)) return 'edited outside the failing files';
  return 'other';
}

/**
 * The model-double block: per category, fixed / total, how many reached the model stage, requests (all
 * cases) per fixed case, the median tokens of a request and of an answer; then every unfixed case with
 * its reason, and the reasons counted.
 */
export function renderDouble(ran: CaseResult[]): string[] {
  const rows = ran.filter((r) => r.strategies['model-double']);
  if (!rows.length) return [];
  const out = [
    '### model-double: ci-autofix with a model that may edit only the lines it was shown',
    '',
    'fixed = pass as for autofix; reached = ci-autofix left findings for the model; requests / fixed = all',
    'requests of the category (fixed or not) per fixed case; tokens are the double’s count (4 characters each).',
    '',
    '| category | fixed / total | reached the model | requests | requests / fixed | median input tokens / request | median output tokens / request |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of CATEGORIES) {
    const of = rows.filter((r) => r.category === c);
    if (of.length) out.push(row(c, of));
  }
  out.push(row('**reached the model**', rows.filter(reached)), row('**all**', rows), '');
  const unfixed = rows.filter((r) => !r.strategies['model-double']!.pass);
  const kinds = new Map<string, number>();
  for (const r of unfixed) {
    const k = reasonKind(r.strategies['model-double']!.reason ?? '');
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  out.push(`#### model-double: unfixed (${unfixed.length})`, '');
  for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1])) out.push(`- ${n} × ${k}`);
  out.push('');
  for (const r of unfixed)
    out.push(`- **${r.id}** [${r.category}, ${r.tool}]: ${r.strategies['model-double']!.reason ?? ''}`);
  out.push('');
  return out;
}
