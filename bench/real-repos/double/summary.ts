import type { FixJson } from '../autofix-json.js';
import type { HunkStatus } from './plan-edits.js';
import type { RefHunk } from './reference.js';
import type { DoubleRequest } from './server.js';

/** A case's model-double run, as the results file keeps it. */
export interface DoubleSummary {
  /** Findings ci-autofix left for the model (`plan.model`): 0 means the model stage was not reached. */
  model_findings: number;
  requests: number;
  input_tokens: number[];
  output_tokens: number[];
  /** Edits the double proposed, all requests together. */
  edits: number;
  /** Blocks of the reference fix, each counted once at the best it got in any request. */
  blocks: Record<HunkStatus, number>;
  total_blocks: number;
  /** ci-autofix's reasons for the model fixes it dropped. */
  dropped: string[];
  errors: string[];
  /** Each request as the double saw it: the files, and the blocks of the fix it could do or not. */
  log: Array<{
    feedback: string;
    files: string[];
    shown: string[];
    retry: boolean;
    edits: number;
    proposed?: Array<{ file: string; old: string; new: string }>;
    blocks: string[];
    answer: string;
  }>;
}

const RANK: HunkStatus[] = ['edited', 'already', 'partly-shown', 'not-shown', 'file-not-shown'];

export function summarize(
  requests: DoubleRequest[],
  hunks: RefHunk[],
  json: FixJson | undefined,
): DoubleSummary {
  const best = new Map<string, HunkStatus>(hunks.map((h) => [`${h.file}#${h.index}`, 'file-not-shown']));
  for (const r of requests)
    for (const h of r.hunks) {
      const key = `${h.file}#${h.index}`;
      if (RANK.indexOf(h.status) < RANK.indexOf(best.get(key) ?? 'file-not-shown')) best.set(key, h.status);
    }
  const blocks = Object.fromEntries(RANK.map((s) => [s, 0])) as Record<HunkStatus, number>;
  for (const s of best.values()) blocks[s]++;
  return {
    model_findings: json?.plan?.model ?? 0,
    requests: requests.length,
    input_tokens: requests.map((r) => r.input_tokens),
    output_tokens: requests.map((r) => r.output_tokens),
    edits: requests.reduce((n, r) => n + r.edits, 0),
    blocks,
    total_blocks: hunks.length,
    dropped: (json?.dropped ?? []).filter((d) => d.fixer === 'model').map((d) => d.reason ?? ''),
    errors: requests.flatMap((r) => (r.error ? [r.error.slice(0, 400)] : [])),
    log: requests.map((r) => ({
      feedback: r.feedback,
      files: r.files,
      shown: r.shown,
      retry: r.retry,
      edits: r.edits,
      ...(r.proposed ? { proposed: r.proposed } : {}),
      blocks: r.hunks
        .filter((h) => h.status !== 'file-not-shown')
        .map((h) => `${h.file}#${h.index} ${h.status}`),
      answer: r.answer.slice(0, 300),
    })),
  };
}

/**
 * Why a case was not fixed, in the words the report groups by: the model stage not reached, ci-autofix's
 * reason for dropping the model's fix (its safety policy, the check still reporting the finding), or the
 * context too short for the double to edit the reference fix.
 */
export function unfixedReason(s: DoubleSummary, fallback: string): string {
  const b = s.blocks;
  const unseen = b['partly-shown'] + b['not-shown'] + b['file-not-shown'];
  const blocks = `double: ${b.edited} of ${s.total_blocks} block(s) edited, ${b.already} already fixed, ${b['partly-shown']} partly shown, ${b['not-shown'] + b['file-not-shown']} not shown`;
  if (s.errors.length) return `model double failed: ${s.errors[0]!.split('\n')[0]}`;
  if (!s.model_findings && !s.requests) return `model stage not reached: ${fallback}`;
  if (!s.requests) return `no model request: ${s.dropped[0] ?? fallback} (${blocks})`;
  // The double's own "nothing more to propose" hides why ci-autofix rejected its edits: the feedback says.
  const rejected = s.log.flatMap((r) => (r.feedback ? [r.feedback.split('\n')[0]!] : []));
  const dropped = [
    ...new Set([
      ...rejected.map((f) => `rejected: ${f}`),
      ...s.dropped.filter((d) => !rejected.length || !/same blocks of the fix/.test(d)),
    ]),
  ].map((d) => d.replace(/\s+/g, ' ').slice(0, 200));
  const primary = dropped.length ? dropped.join(' | ') : fallback;
  const short = unseen && !b.edited ? 'context too short: ' : '';
  return `${short}${primary} (${blocks})`;
}
