import type { ProgressEvent } from '../../src/domain/index.js';
import type { FixRecord } from '../../src/pipeline/fix-memory.js';
import type { FixRequest, JobResult } from '../../src/store/index.js';
import {
  FINDINGS,
  hex,
  memoryRecord,
  progress,
  XSS_IMG,
  XSS_SCRIPT,
  type Finding,
  type Where,
} from './dashboard-findings.js';

export { XSS_IMG, XSS_SCRIPT } from './dashboard-findings.js';

/**
 * The jobs of a service that has run for a few weeks, as its workers would have reported them: each
 * job's request, its progress events, what it achieved (or the error it failed with) and its fix
 * memory's records. Deterministic (a seeded generator), so the pages and their screenshots are the same
 * on every run. The first job is the newest and carries markup wherever a pull request's author or a
 * tool chose the text (branch, CI job name, commit subject, finding message and path, reason, notes).
 */
export interface JobSpec {
  request: FixRequest;
  /** What the handler returns, or the error it throws (the job then ends failed, the error its reason). */
  result: JobResult | { error: string };
  events: ProgressEvent[];
  memory: FixRecord[];
  /** How long before now the job was created, in seconds (the store stamps now(); the seed moves it). */
  ageSeconds: number;
}

const REPOS = ['acme/web', 'acme/api', 'acme/api', 'acme/web', 'acme/mobile', 'octo-org/infra'];
const OUTCOMES: Array<[string, number]> = [
  ['fixed', 0.46],
  ['partial', 0.12],
  ['not-fixable', 0.14],
  ['validation-failed', 0.05],
  ['nothing-to-fix', 0.05],
  ['skipped', 0.1],
  ['failed', 0.08],
];

const TITLES = [
  'Add retry to the upload client',
  'Bump the linter to its next minor',
  'Refactor the session store',
  'Support dark mode in settings',
  'Drop Python 3.8',
  'Fix flaky timeout in the e2e suite',
];

/** mulberry32: a small seeded generator, so that every run seeds the same jobs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` jobs over the last `days` days, the first the newest (the one with the markup). */
export function jobSpecs(count: number, days: number): JobSpec[] {
  return Array.from({ length: count }, (_, i) => jobSpec(i, days));
}

function jobSpec(i: number, days: number): JobSpec {
  const rnd = random(i * 7919 + 17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const hostile = i === 0;
  const repo = hostile ? 'acme/web' : pick(REPOS);
  const pr = hostile ? 42 : 10 + Math.floor(rnd() * 180);
  const headSha = hex(`job ${i}`, 40);
  const headBranch = hostile ? `fix/${XSS_SCRIPT}` : `feature/${pr}-${hex(`branch ${i}`, 4)}`;
  const title = hostile ? `Parse ${XSS_SCRIPT} tags in <b>titles</b> ${XSS_IMG}` : TITLES[i % TITLES.length]!;
  let roll = rnd();
  const outcome = hostile ? 'partial' : (OUTCOMES.find(([, p]) => (roll -= p) < 0)?.[0] ?? 'fixed');
  const request: FixRequest = {
    kind: 'fix',
    repo,
    pr,
    headSha,
    headRepo: repo,
    headBranch,
    trigger: `suite:${1000 + i}`,
    source: i % 4 === 0 ? 'poll' : 'webhook',
  };
  // Newer days are busier; the first job is the newest of all.
  const ageSeconds = hostile ? 0 : Math.floor(days * 86_400 * rnd() ** 1.3) + 600;
  const failedJobs = hostile ? [`lint (${XSS_IMG})`] : [pick(['lint', 'check', 'typecheck', 'test (3.12)'])];
  const base = { request, ageSeconds };
  if (outcome === 'failed') {
    const error = 'GitHub answered 404 for the run’s logs: expired (90 days), or the token cannot read them';
    const started: ProgressEvent = { type: 'pr-failed-jobs', head: headSha, jobs: failedJobs, elapsedMs: 0 };
    return { ...base, result: { error }, events: [started], memory: [] };
  }
  if (outcome === 'skipped' || outcome === 'nothing-to-fix') {
    const reason =
      outcome === 'skipped'
        ? pick(['attempted before for this failure', 'the PR was closed', 'stopped by /autofix skip'])
        : 'the failed jobs’ logs name no finding ci-autofix can fix';
    const result: JobResult = { outcome, reason, published: 'none', durationMs: 8000 + rnd() * 20_000 };
    return { ...base, result, events: [{ type: 'pr-ended', outcome, reason, elapsedMs: 0 }], memory: [] };
  }
  return {
    ...base,
    ...worked(i, outcome, { repo, pr, headSha, headBranch, title, failedJobs, hostile }, rnd),
  };
}

/** The findings a job that got as far as fixing had, each marked fixed as its outcome says. */
function findingsOf(outcome: string, w: Where, rnd: () => number): Finding[] {
  const fixable = (d: Finding) => d.fixability !== 'none';
  // The hostile job: one finding fixed by a tool, one a model could not fix, one for a person.
  const chosen = w.hostile
    ? [FINDINGS[0]!, FINDINGS[6]!, FINDINGS[8]!]
    : [...FINDINGS].sort(() => rnd() - 0.5).slice(0, 1 + Math.floor(rnd() * 4));
  return (outcome === 'not-fixable' ? FINDINGS.filter((d) => !fixable(d)) : chosen).map((d) => ({
    ...d,
    ...(w.hostile ? { message: `${d.message} ${XSS_SCRIPT}`, path: `src/${XSS_IMG}.py` } : {}),
    fixed: (outcome === 'fixed' && fixable(d)) || (outcome === 'partial' && d.fixability === 'deterministic'),
  }));
}

/** A job that got as far as fixing: its findings, fixers, cost, events, and the fix memory's records. */
function worked(
  i: number,
  outcome: string,
  w: Where,
  rnd: () => number,
): Omit<JobSpec, 'request' | 'ageSeconds'> {
  const findings = findingsOf(outcome, w, rnd);
  const usesModel = findings.some((d) => d.fixer === 'model') && rnd() < 0.85;
  const usd = usesModel ? 0.02 + rnd() * 0.4 : 0;
  const inputTokens = usesModel ? 5000 + Math.floor(rnd() * 60_000) : 0;
  const tried = [...new Set(findings.flatMap((d) => (d.fixability !== 'none' && d.fixer ? [d.fixer] : [])))];
  const kept = tried.filter((fixer) => findings.some((d) => d.fixer === fixer && d.fixed));
  const commits = kept.map((fixer) => hex(`${i} ${fixer}`, 40));
  const published = commits.length ? (w.hostile ? 'branch' : i % 3 ? 'push' : 'suggestions') : 'none';
  const durationMs = 40_000 + Math.floor(rnd() * 300_000);
  const left = findings.filter((d) => !d.fixed).length;
  const reason = w.hostile ? `1 finding left for a person: ${XSS_IMG}` : undefined;
  const result: JobResult = {
    outcome,
    ...(reason ? { reason } : {}),
    published,
    commits: commits.length,
    costUsd: usd,
    inputTokens,
    outputTokens: Math.floor(inputTokens / 12),
    durationMs,
    detail: {
      pull_request: {
        repo: w.repo,
        number: w.pr,
        url: `https://github.com/${w.repo}/pull/${w.pr}`,
        head_sha: w.headSha,
        title: w.title,
      },
      failed_jobs: w.failedJobs,
      ...(published === 'branch' ? { branch: `ci-autofix/${w.headBranch}` } : {}),
      commits,
      comment: 9_000_000 + i,
      fixers: tried.map((fixer) =>
        kept.includes(fixer)
          ? { fixer, kept: true }
          : { fixer, kept: false, reason: 'the check still failed after its change' },
      ),
      notes: w.hostile ? [`the pull request “${XSS_IMG} ${XSS_SCRIPT}” changed 3 files`] : [],
    },
    diagnostics: findings,
  };
  const end = { outcome, reason: reason ?? `${left} finding(s) left`, durationMs };
  const events = progress(w, findings, { tried, kept, commits }, end);
  const memory = findings.flatMap((d) =>
    d.fixer && d.fixability !== 'none' ? [memoryRecord(w, d, commits[kept.indexOf(d.fixer)], usd)] : [],
  );
  return { result, events, memory };
}
