import { join } from 'node:path';
import { firstLines } from './score.js';
import type { StrategyContext } from './strategies.js';

/** The parts of `fix --format json` (DESIGN.md §3) the report quotes; read loosely, the CLI moves on. */
export interface FixJson {
  outcome?: string;
  fixes?: Array<{ fixer?: string; files?: string[] }>;
  dropped?: Array<{ fixer?: string; files?: string[]; reason?: string }>;
  remaining?: Array<{
    message?: string;
    location?: { path?: string };
    source?: { name?: string };
    code?: { value?: string };
    fixability?: string;
    reason?: string;
  }>;
  plan?: { steps?: Array<{ fixer?: string }>; model?: number; notes?: string[] };
  cost?: { requests?: number; input_tokens?: number; output_tokens?: number };
  notes?: string[];
  pins?: unknown[];
}

/** What ci-autofix itself says about a run that did not end green: dropped fixes, what remains, notes. */
export function autofixWhy(json: FixJson): string | undefined {
  const parts: string[] = [];
  const kept = (json.fixes ?? []).map((f) => f.fixer).filter(Boolean);
  parts.push(`kept [${kept.join(', ')}]`);
  for (const d of json.dropped ?? [])
    parts.push(`dropped ${d.fixer ?? '?'}: ${(d.reason ?? '').slice(0, 240)}`);
  const rest = json.remaining ?? [];
  if (rest.length) {
    const shown = rest.slice(0, 3).map((d) => {
      const code = d.code?.value ? ` ${d.code.value}` : '';
      const verdict = `${d.fixability ?? ''}${d.reason ? `: ${d.reason.slice(0, 80)}` : ''}`;
      return `${d.source?.name ?? '?'}${code} ${d.location?.path ?? ''}: ${(d.message ?? '').slice(0, 80)} [${verdict}]`;
    });
    parts.push(`${rest.length} remaining: ${shown.join('; ')}`);
  } else if (!(json.plan?.steps ?? []).length) parts.push('no fix planned');
  const notes = [...(json.plan?.notes ?? []), ...(json.notes ?? [])].slice(0, 2);
  if (notes.length) parts.push(`notes: ${notes.map((n) => n.slice(0, 160)).join(' / ')}`);
  return parts.join('; ');
}

/** ci-autofix's JSON from its stdout, its outcome and why it did not end green (or why there is no JSON). */
export function readFixJson(
  stdout: string,
  output: string,
  outcome: string,
): { json?: FixJson; outcome: string; why?: string } {
  try {
    const json = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as FixJson;
    return { json, outcome: json.outcome ?? outcome, why: autofixWhy(json) };
  } catch {
    return { outcome, why: `no JSON from ci-autofix: ${firstLines(output, 4)}` };
  }
}

/** `ci-autofix fix` on the clone, with the case's check, answering in JSON. */
export const autofixArgv = (ctx: StrategyContext) => [
  process.execPath,
  join(ctx.root, 'bin/ci-autofix.js'),
  'fix',
  '--cwd',
  ctx.clone,
  '--check',
  ctx.c.check,
  '--format',
  'json',
];
