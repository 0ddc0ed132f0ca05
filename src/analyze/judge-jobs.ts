import type { Diagnostic, InfrastructureLine, JobJudgement, LogRef, TestRun } from '../domain/index.js';
import { NO_STEP } from '../logs/step-tracker.js';
import { GITHUB_SOURCE } from '../tools/github/parser.js';

/** The runner's own phases and the checkout: a job that failed there never ran the project's commands. */
const BEFORE_THE_PROJECT = /^(Set up job|Initialize containers|Run actions\/checkout@\S+)$/;
const MAX_EVIDENCE = 10;
/** Kinds printed only when the job itself ends: the runner lost or shut down, cancelled, out of time. */
const ENDS_THE_JOB: ReadonlySet<string> = new Set(['runner', 'cancelled', 'timeout']);

export interface JobFacts {
  diagnostics: Diagnostic[];
  tests: TestRun[];
  infrastructure: InfrastructureLine[];
  /** The failed steps, each with its zip entry when a run zip was read. */
  failedAt: Array<{ step: string; file?: string }>;
}

/** The job a line belongs to: a run zip's job folder or file, `gh run view --log`'s `job / step`, else the one job. */
export function jobOf(ref: { step: string; file?: string }): string {
  // A run zip holds `job/N_step.txt` per step, or `N_job.txt` per job.
  if (ref.file !== undefined)
    return ref.file.includes('/')
      ? ref.file.slice(0, ref.file.indexOf('/'))
      : ref.file.replace(/^\d+_/, '').replace(/\.txt$/, '');
  const slash = ref.step.indexOf(' / ');
  return slash > 0 ? ref.step.slice(0, slash) : 'job';
}

interface Job {
  findings: Diagnostic[];
  failing: TestRun[];
  flaky: TestRun[];
  infrastructure: InfrastructureLine[];
  failedSteps: string[];
}

/**
 * Each job's verdict, decided from the log alone (no clone, no model): its tools' findings or failing
 * tests make it the change's (`pr`); failing otherwise on a line of the infrastructure table, or in a
 * step before the project's own commands, the infrastructure's; with only tests that failed and then
 * passed on a re-run, `flaky`; anything else `unknown`. A finding wins over an infrastructure line: a
 * network error printed on the way does not excuse a failing test.
 */
export function judgeJobs(facts: JobFacts): JobJudgement[] {
  const jobs = new Map<string, Job>();
  const job = (key: string) => {
    let j = jobs.get(key);
    if (!j)
      jobs.set(key, (j = { findings: [], failing: [], flaky: [], infrastructure: [], failedSteps: [] }));
    return j;
  };
  // A tool's finding made of an infrastructure line (npm's `code ECONNRESET`) is the infrastructure's.
  const infraAt = new Set(facts.infrastructure.map((l) => `${l.file ?? ''}:${l.line}`));
  const onInfra = (r: LogRef) =>
    [...Array(Math.min(r.lines[1] - r.lines[0] + 1, 50)).keys()].some((k) =>
      infraAt.has(`${r.file ?? ''}:${r.lines[0] + k}`),
    );
  for (const d of facts.diagnostics)
    if (d.source.name !== GITHUB_SOURCE && d.category !== 'infra' && !onInfra(d.log))
      job(jobOf(d.log)).findings.push(d);
  for (const t of facts.tests) {
    if (t.failed_names.length || t.failed > 0) job(jobOf(t.log)).failing.push(t);
    else if (t.flaky_names?.length) job(jobOf(t.log)).flaky.push(t);
  }
  for (const line of facts.infrastructure) job(jobOf(line)).infrastructure.push(line);
  for (const at of facts.failedAt) job(jobOf(at)).failedSteps.push(at.step);
  return [...jobs]
    .filter(([, j]) => failedIn(j))
    .map(([key, j]) => {
      const v = verdictOf(j);
      return { job: key, ...v, evidence: v.evidence.slice(0, MAX_EVIDENCE) };
    });
}

/**
 * Whether the log shows the job failing: a finding, a failing or flaky test, a failed step, a line that
 * ends the job (the runner shut down, a cancellation); in plain output (no steps), any infrastructure
 * line. A passing job that retried a download is not judged.
 */
function failedIn(j: Job): boolean {
  return (
    j.findings.length + j.failing.length + j.flaky.length + j.failedSteps.length > 0 ||
    j.infrastructure.some((l) => l.step === NO_STEP || ENDS_THE_JOB.has(l.kind))
  );
}

function verdictOf(j: Job): Omit<JobJudgement, 'job'> {
  if (j.findings.length || j.failing.length) {
    const tests = j.failing.reduce((n, t) => n + Math.max(t.failed, t.failed_names.length), 0);
    const findings = j.findings.filter((d) => !d.test).length;
    return {
      verdict: 'pr',
      reason: `${findings} finding(s) of the project's own tools and ${tests} failing test(s)`,
      findings,
      tests: [...new Set(j.failing.flatMap((t) => t.failed_names))].slice(0, 50),
      evidence: [
        ...j.findings.map((d) => at(d.log, d.message)),
        ...j.failing.map((t) => at(t.log, names(t))),
      ],
    };
  }
  // An infrastructure line in a step that failed; with no step known to have failed, anywhere.
  const failed = new Set(j.failedSteps);
  const infra = j.infrastructure.filter(
    (l) => !failed.size || failed.has(l.step) || ENDS_THE_JOB.has(l.kind),
  );
  if (infra.length)
    return {
      verdict: 'infrastructure',
      reason: infra[0]!.says,
      evidence: infra.map((l) => at({ step: l.step, lines: [l.line, l.line] }, l.says)),
    };
  const early = j.failedSteps.find((s) => BEFORE_THE_PROJECT.test(stepName(s)));
  if (early)
    return {
      verdict: 'infrastructure',
      reason: `the job failed in "${early}", before the project's own commands ran: re-run the job`,
      evidence: [],
    };
  if (j.flaky.length)
    return {
      verdict: 'flaky',
      tests: [...new Set(j.flaky.flatMap((t) => t.flaky_names ?? []))].slice(0, 50),
      reason: `every failed test passed when re-run (${j.flaky.flatMap((t) => t.flaky_names ?? []).join(', ')}): re-run, not fix`,
      evidence: j.flaky.map((t) => at(t.log, `flaky: ${(t.flaky_names ?? []).join(', ')}`)),
    };
  return {
    verdict: 'unknown',
    reason: 'no finding, failing test or infrastructure line explains it',
    evidence: [],
  };
}

const stepName = (step: string) => {
  const slash = step.indexOf(' / ');
  return slash > 0 ? step.slice(slash + 3) : step;
};
const names = (t: TestRun) =>
  `${t.framework}: ${t.failed_names.slice(0, 5).join(', ') || `${t.failed} failed`}`;

function at(ref: LogRef, says: string) {
  return { step: ref.step, lines: ref.lines, says: says.split('\n')[0]!.slice(0, 200) };
}
