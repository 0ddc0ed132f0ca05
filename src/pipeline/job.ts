import type { Category, Diagnostic, Fixability, JobEvent } from '../domain/index.js';
import { codeComparer, type ChangeOrigin, type CheckPlan, type Violation } from '../validate/index.js';
import type { FileChange, RepoState, Worktree } from '../workspace/index.js';
import type { FixJobDeps, FixJobInput, FixOutcome } from './fix-job.js';
import { mapDiagnosticPaths, type PathMap } from './map-paths.js';
import { sameFailure } from './finding-moves.js';
import { runCheck, type CheckRun } from './run-check.js';

/** A verdict learnt during the job, which beats triage's guess from a log line. */
export interface LearntVerdict {
  fixability: Fixability;
  reason: string;
  category?: Category;
  /** The tool's fix is one it calls unsafe, tried as a candidate. */
  unsafeFix?: boolean;
}

/**
 * One fix job's shared state, passed to each stage: the repository, the check, the worktree, what was
 * learnt about findings (the tool's own answer, a protected file, the `--base` scope), and the outcome
 * being written. Stages read and add to it; nothing else is shared.
 */
export interface Job {
  input: FixJobInput;
  deps: FixJobDeps;
  repo: RepoState;
  check: CheckPlan;
  wt: Worktree;
  readable: string[];
  paths: PathMap;
  /** `--base`: the files the change touched. */
  scope?: ReadonlySet<string>;
  verdicts: Map<string, LearntVerdict>;
  /** Folders of the tools provided for this job (pinned versions, helpers), first on every PATH. */
  toolDirs: string[];
  /** Tools whose pinned version has been looked at (each once). */
  toolsConsidered: Set<string>;
  /** Tool runs (`toolRun`) that reported findings in any check so far: with a check that stops early, a tool not in here had not run. */
  seen: Set<string>;
  outcome: FixOutcome;
  /** Reports what the job does (the entry point renders it). */
  emit(event: JobEvent): void;
}

/** Repository-relative paths, the scope, and what the job learnt, applied to diagnostics. */
export function judge(job: Job, diagnostics: Diagnostic[]): Diagnostic[] {
  return mapDiagnosticPaths(diagnostics, job.paths).map((d) => {
    const path = d.location?.path;
    if (job.scope && path && !job.scope.has(path) && d.fixability !== 'none')
      return {
        ...d,
        fixability: 'none',
        reason: `${path} is not changed since ${job.input.base} (--base): its findings are listed, not fixed`,
      };
    const learnt = job.verdicts.get(sameFailure(d));
    if (!learnt) return d;
    const { unsafe_fix: _, ...plain } = d;
    return {
      ...plain,
      fixability: learnt.fixability,
      reason: learnt.reason,
      category: learnt.category ?? d.category,
      ...(learnt.unsafeFix ? { unsafe_fix: true } : {}),
    };
  });
}

/** The check in a worktree (the job's by default), its findings judged. */
export async function checkIn(job: Job, dir = job.wt.dir, readable = job.readable): Promise<CheckRun> {
  const run = await runCheck(job.check, dir, job.deps, job.input.config, job.input.checkTimeoutMs, readable);
  const diagnostics = judge(job, run.analysis.diagnostics);
  for (const d of diagnostics) job.seen.add(toolRun(d));
  return { ...run, analysis: { ...run.analysis, diagnostics } };
}

/**
 * The safety policy on a worktree's change, able to look past layout: the file as HEAD has it, and
 * Python's own parser (run in the sandbox) or a token comparison to prove a change is layout only; and
 * who made the change for which findings (the anti-cheat gate and the rules that may rewrite assertions).
 */
export function safetyIn(job: Job, dir: string, origin: ChangeOrigin) {
  const comparer = codeComparer(async (script, stdin) => {
    const r = await job.deps.sandbox.run({
      argv: ['python3', '-c', script],
      cwd: dir,
      writable: [],
      stdin,
      timeoutMs: 30_000,
    });
    return { ok: r.exitCode === 0, output: r.output };
  });
  return (files: FileChange[], patch: string): Promise<Violation[]> =>
    job.deps.checkSafety(
      dir,
      files,
      patch,
      job.input.config.safety,
      {
        comparer,
        before: (path) => job.deps.workspace.fileAtHead(dir, path),
      },
      origin,
    );
}

/** The name of the tool run a finding came from: ruff's format check and its lint are two runs. */
export const toolRun = (d: Diagnostic) =>
  `${d.source.name}:${d.code?.value === 'format' ? 'format' : 'check'}`;
