import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Category, Diagnostic, Fixability, JobEvent } from '../domain/index.js';
import {
  checkSafety,
  codeComparer,
  type ChangeOrigin,
  type CheckPlan,
  type Violation,
} from '../validate/index.js';
import type { FileChange, RepoState, Worktree } from '../workspace/index.js';
import type { FixJobDeps, FixJobInput } from './fix-job.js';
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
 * What stays the same for the whole fix job: its input, the effects port, the repository, the check and
 * the worktree. Stages read it; none changes it.
 */
export interface JobContext {
  readonly input: FixJobInput;
  /** The effects port as the entry point built it (see `effects` for the one stages use). */
  readonly deps: FixJobDeps;
  readonly repo: RepoState;
  readonly check: CheckPlan;
  readonly wt: Worktree;
  readonly readable: string[];
  readonly paths: PathMap;
  /** `--base`: the files the change touched. */
  readonly scope?: ReadonlySet<string>;
  /** Reports what the job does (the entry point renders it). */
  emit(event: JobEvent): void;
}

/**
 * What the job has learnt so far, as a value: a stage that learns returns a new one; nothing changes it
 * in place. The tool's own answer, a protected file, a fix that did not hold: each beats triage's guess.
 */
export interface Learnt {
  readonly verdicts: ReadonlyMap<string, LearntVerdict>;
  /** Tool runs (`toolRun`) that reported findings in any check so far: with a check that stops early, a tool not in here had not run. */
  readonly seen: ReadonlySet<string>;
  /** Folders of the tools provided for this job (pinned versions, helpers), first on every PATH. */
  readonly toolDirs: readonly string[];
  /** Tools whose pinned version has been looked at (each once). */
  readonly toolsConsidered: ReadonlySet<string>;
}

export const NOTHING_LEARNT: Learnt = {
  verdicts: new Map(),
  seen: new Set(),
  toolDirs: [],
  toolsConsidered: new Set(),
};

/** `learnt` with these verdicts added (a later one for the same finding wins). */
export function withVerdicts(learnt: Learnt, verdicts: Iterable<[Diagnostic, LearntVerdict]>): Learnt {
  const next = new Map(learnt.verdicts);
  for (const [d, v] of verdicts) next.set(sameFailure(d), v);
  return { ...learnt, verdicts: next };
}

/** `learnt` with the tool runs of a check's findings seen. */
export function sawRun(learnt: Learnt, run: CheckRun): Learnt {
  const seen = new Set(learnt.seen);
  for (const d of run.analysis.diagnostics) seen.add(toolRun(d));
  return seen.size === learnt.seen.size ? learnt : { ...learnt, seen };
}

/** The effects port with the job's tool folders first on every sandboxed PATH and in the tool lookup. */
export function effects(ctx: JobContext, learnt: Learnt): FixJobDeps {
  const dirs = learnt.toolDirs;
  if (!dirs.length) return ctx.deps;
  const deps = ctx.deps;
  return {
    ...deps,
    sandbox: {
      backend: deps.sandbox.backend,
      run: (request) =>
        deps.sandbox.run({ ...request, pathPrefix: [...dirs, ...(request.pathPrefix ?? [])] }),
    },
    tools: (root) => {
      const inner = deps.tools(root);
      return {
        resolve(program) {
          for (const dir of dirs)
            if (existsSync(join(dir, program)))
              return { path: join(dir, program), origin: 'repository' as const };
          return inner.resolve(program);
        },
      };
    },
  };
}

/** Repository-relative paths, the scope, and what the job learnt, applied to diagnostics. */
export function judge(ctx: JobContext, learnt: Learnt, diagnostics: Diagnostic[]): Diagnostic[] {
  return mapDiagnosticPaths(diagnostics, ctx.paths).map((d) => {
    const path = d.location?.path;
    if (ctx.scope && path && !ctx.scope.has(path) && d.fixability !== 'none')
      return {
        ...d,
        fixability: 'none',
        reason: `${path} is not changed since ${ctx.input.base} (--base): its findings are listed, not fixed`,
      };
    if (d.test && ctx.input.flakyTests?.includes(d.test.name))
      return {
        ...d,
        fixability: 'none',
        reason: `${d.test.name} is a known flaky test (it failed and then passed on one commit before): re-run it, it is never edited`,
      };
    const verdict = learnt.verdicts.get(sameFailure(d));
    if (!verdict) return d;
    const { unsafe_fix: _, ...plain } = d;
    return {
      ...plain,
      fixability: verdict.fixability,
      reason: verdict.reason,
      category: verdict.category ?? d.category,
      ...(verdict.unsafeFix ? { unsafe_fix: true } : {}),
    };
  });
}

/** The check in a worktree (the job's by default), its findings judged. */
export async function checkIn(
  ctx: JobContext,
  learnt: Learnt,
  dir = ctx.wt.dir,
  readable = ctx.readable,
): Promise<CheckRun> {
  const deps = effects(ctx, learnt);
  const run = await runCheck(ctx.check, dir, deps, ctx.input.config, ctx.input.checkTimeoutMs, readable);
  const diagnostics = judge(ctx, learnt, run.analysis.diagnostics);
  return { ...run, analysis: { ...run.analysis, diagnostics } };
}

/**
 * The safety policy on a worktree's change, able to look past layout: the file as HEAD has it, and
 * Python's own parser (run in the sandbox) or a token comparison to prove a change is layout only; and
 * who made the change for which findings (the anti-cheat gate and the rules that may rewrite assertions).
 */
export function safetyIn(ctx: JobContext, dir: string, origin: ChangeOrigin) {
  const comparer = codeComparer(async (script, stdin) => {
    const r = await ctx.deps.sandbox.run({
      argv: ['python3', '-c', script],
      cwd: dir,
      writable: [],
      stdin,
      timeoutMs: 30_000,
    });
    return { ok: r.exitCode === 0, output: r.output };
  });
  return (files: FileChange[], patch: string): Promise<Violation[]> =>
    checkSafety(
      dir,
      files,
      patch,
      ctx.input.config.safety,
      {
        comparer,
        before: (path) => ctx.deps.workspace.fileAtHead(dir, path),
      },
      origin,
    );
}

/** The name of the tool run a finding came from: ruff's format check and its lint are two runs. */
export const toolRun = (d: Diagnostic) =>
  `${d.source.name}:${d.code?.value === 'format' ? 'format' : 'check'}`;
