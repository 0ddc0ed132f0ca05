import { code, link } from './markdown.js';

/** Finds ci-autofix's one status comment on a PR again (docs/architecture.md: idempotent `ensure*`). */
export const STATUS_MARKER = '<!-- ci-autofix:status -->';
const ATTEMPTS = /<!-- ci-autofix:attempts (\[[^<>]*\]) -->/;

/** One run of the job on a PR: what it saw and how it ended. Kept in the comment (no database needed). */
export interface Attempt {
  sha: string;
  fingerprint: string;
  outcome: string;
  at: string;
  /** The service's job that made it: a later try of the same job replaces it (pipeline/pr-takeover.ts). */
  run?: string;
}

export type StatusState =
  'working' | 'fixed' | 'proposed' | 'partial' | 'not-fixed' | 'failed' | 'stopped' | 're-run';

/** Everything the comment says, as plain data (rendered by renderStatus). */
export interface StatusReport {
  state: StatusState;
  headSha: string;
  jobs: Array<{ name: string; url: string; steps: string[] }>;
  /** Findings per tool, from the logs. */
  byTool: Record<string, number>;
  fixed: Array<{ fixer: string; tool: string; files: string[]; count: number; commit?: string }>;
  notFixed: Array<{ where: string; tool: string; code?: string; message: string; reason: string }>;
  published?: { mode: string; summary: string; apply?: string };
  cost?: { usd: number; requests: number };
  seconds?: number;
  /** Why the job failed or stopped. */
  reason?: string;
  /** Each failed job's verdict (the change's, flaky, the infrastructure's) and why. */
  judged?: Array<{ job: string; verdict: string; reason: string }>;
  /** Runs re-run instead of fixed, or that could not be. */
  reruns?: Array<{ run: number; jobs: string[]; result: string }>;
  notes: string[];
  attempts: Attempt[];
}

const HEADLINE: Record<StatusState, string> = {
  working: '🔧 ci-autofix is working on the failing checks of',
  fixed: '✅ ci-autofix fixed the failing checks of',
  proposed: '💡 ci-autofix proposes a fix for the failing checks of',
  partial: '🟡 ci-autofix fixed part of the failing checks of',
  'not-fixed': '❌ ci-autofix could not fix the failing checks of',
  failed: '⚠️ ci-autofix failed while working on',
  stopped: '⏹️ ci-autofix stopped on',
  're-run': '🔁 ci-autofix re-ran the failed jobs (nothing to fix in the code) of',
};

/** The comment's markdown. Untrusted text (log lines, paths, job names) appears only as code spans. */
export function renderStatus(r: StatusReport): string {
  const out = [STATUS_MARKER, `### ${HEADLINE[r.state]} ${code(r.headSha.slice(0, 7))}`, ''];
  if (r.reason) out.push(`**${r.state === 'failed' ? 'failed' : 'reason'}:** ${code(r.reason, 500)}`, '');
  if (r.jobs.length) {
    out.push('**Failed jobs**');
    for (const j of r.jobs.slice(0, 10))
      out.push(
        `- ${link(j.name, j.url)}${
          j.steps.length
            ? `: ${j.steps
                .slice(0, 3)
                .map((s) => code(s))
                .join(', ')}`
            : ''
        }`,
      );
    if (r.jobs.length > 10) out.push(`- … and ${r.jobs.length - 10} more`);
    const tools = Object.entries(r.byTool).sort((a, b) => b[1] - a[1]);
    if (tools.length) out.push('', `Findings: ${tools.map(([t, n]) => `${code(t)} ${n}`).join(', ')}`);
    out.push('');
  }
  out.push(...judgement(r));
  if (r.fixed.length) {
    out.push('**Fixed** (each fix validated by re-running the check)');
    for (const f of r.fixed)
      out.push(
        `- ${f.count} with ${code(f.tool)}${f.commit ? ` in ${f.commit.slice(0, 7)}` : ''}: ${f.files
          .slice(0, 5)
          .map((p) => code(p))
          .join(', ')}${f.files.length > 5 ? ', …' : ''}`,
      );
    out.push('');
  }
  if (r.notFixed.length) {
    out.push('**Not fixed**');
    for (const d of r.notFixed.slice(0, 15))
      out.push(
        `- ${code(d.where)} ${code(`${d.tool}${d.code ? ` ${d.code}` : ''}`)} ${code(d.message, 120)}: ${d.reason}`,
      );
    if (r.notFixed.length > 15) out.push(`- … and ${r.notFixed.length - 15} more`);
    out.push('');
  }
  if (r.published) {
    out.push(`**Published:** ${r.published.summary}`);
    if (r.published.apply) out.push('', r.published.apply);
    out.push('');
  }
  for (const n of r.notes.slice(0, 10)) out.push(`> ${n.replace(/\n/g, ' ')}`);
  if (r.notes.length) out.push('');
  const facts = [
    r.cost ? `model cost $${r.cost.usd.toFixed(2)} (${r.cost.requests} request(s))` : undefined,
    r.seconds !== undefined ? `${Math.round(r.seconds)} s` : undefined,
    `attempt ${Math.max(1, r.attempts.length)}`,
  ].filter(Boolean);
  out.push(`<sub>${facts.join(' · ')}</sub>`);
  out.push(`<!-- ci-autofix:attempts ${JSON.stringify(r.attempts.map(cleanAttempt))} -->`);
  return `${out.join('\n')}\n`;
}

/** Each failed job's verdict and why, and the re-runs asked for. */
function judgement(r: StatusReport): string[] {
  const out: string[] = [];
  if (r.judged?.length) {
    out.push('**Judged**');
    for (const j of r.judged.slice(0, 10)) out.push(`- ${code(j.job)} ${j.verdict}: ${code(j.reason, 300)}`);
    out.push('');
  }
  if (r.reruns?.length) {
    out.push('**Re-run**');
    for (const x of r.reruns)
      out.push(
        `- run ${x.run} (${x.jobs.map((j) => code(j)).join(', ')}): ${x.result === 'rerun' ? 're-run requested' : 'not permitted, re-run suggested'}`,
      );
    out.push('');
  }
  return out;
}

/** Attempts hold only hex, words and a timestamp, so the record cannot close its HTML comment. */
function cleanAttempt(a: Attempt): Attempt {
  const safe = (s: string) => s.replace(/[^\w:.+-]/g, '').replace(/-{2,}/g, '-');
  return {
    sha: safe(a.sha),
    fingerprint: safe(a.fingerprint),
    outcome: safe(a.outcome),
    at: safe(a.at),
    ...(typeof a.run === 'string' && a.run ? { run: safe(a.run) } : {}),
  };
}

/** The attempts recorded in a status comment; none when the body has no readable record. */
export function parseAttempts(body: string): Attempt[] {
  const m = ATTEMPTS.exec(body);
  if (!m) return [];
  try {
    const data = JSON.parse(m[1]!) as unknown;
    if (!Array.isArray(data)) return [];
    return data
      .filter((a): a is Attempt => typeof a?.sha === 'string' && typeof a?.fingerprint === 'string')
      .map((a) => cleanAttempt({ ...a, outcome: String(a.outcome ?? ''), at: String(a.at ?? '') }));
  } catch {
    return [];
  }
}
