import { basename } from 'node:path';
import type { Diagnostic } from '../domain/index.js';
import type { FixStep } from '../fixers/index.js';
import { commitMessage } from './commit-message.js';
import type { FixJobDeps } from './fix-job.js';
import {
  checkIn,
  effects,
  safetyIn,
  sawRun,
  toolRun,
  withVerdicts,
  type JobContext,
  type Learnt,
  type LearntVerdict,
} from './job.js';
import { emptyReport, type StageReport } from './outcome.js';
import { sameFailure } from './finding-moves.js';
import type { CheckRun } from './run-check.js';

/**
 * The tool as people know it, its name and version (`ruff 0.16.9 (from PATH)`), for the commit and the
 * status comment: `--version` in the sandbox, named by the program when its answer is the number alone.
 */
async function toolLabel(ctx: JobContext, deps: FixJobDeps, step: FixStep): Promise<string> {
  const r = await deps.sandbox
    .run({
      argv: [step.argv[0]!, '--version'],
      cwd: ctx.wt.dir,
      writable: [],
      readable: ctx.readable,
      timeoutMs: 20_000,
    })
    .catch(() => undefined);
  const version = r?.exitCode === 0 ? r.output.trim().split('\n')[0]!.trim() : undefined;
  const program = basename(step.argv[0]!);
  if (!version || !step.tool.startsWith(`${program} `)) return step.tool;
  const named = version.toLowerCase().includes(program.toLowerCase()) ? version : `${program} ${version}`;
  return `${named}${step.tool.slice(program.length)}`;
}

export interface StepResult {
  /** The check after the kept fix; undefined when the step was dropped. */
  after?: CheckRun;
  /** Targets still reported after a kept fix (the tool could not fix them). */
  unfixed: Diagnostic[];
  /** Why the step was dropped, when it was. */
  dropped?: string;
  /** What the job learnt, with what the step taught it: a protected file's findings are left for a person, and the tool runs its checks saw. */
  learnt: Learnt;
  report: StageReport;
}

/**
 * One deterministic fix: run the fixer in the sandbox, put back any protected file it changed beyond
 * layout (the rest of the step goes on; those findings are reported), check the safety policy, re-run the
 * check, and commit when at least one target went away and nothing new appeared. Layout the fix
 * unsettled is settled by the formatters in the same step; with a check that stops at its first failure,
 * findings of a tool that had not reported before were hidden, not caused, and do not count against it.
 */
export async function applyStep(
  ctx: JobContext,
  learnt: Learnt,
  given: FixStep,
  current: CheckRun,
): Promise<StepResult> {
  const { input, wt } = ctx;
  const deps = effects(ctx, learnt);
  const report = emptyReport();
  const verdicts: Array<[Diagnostic, LearntVerdict]> = [];
  let seen = learnt;
  const taught = () => withVerdicts(seen, verdicts);
  let step = given;
  ctx.emit({ type: 'step', fixer: step.fixer, command: step.argv, files: step.files });
  const ran = await deps.sandbox.run({
    argv: step.argv,
    cwd: wt.dir,
    writable: [wt.dir],
    readable: ctx.readable,
    timeoutMs: input.fixerTimeoutMs,
  });
  const drop = async (reason: string): Promise<StepResult> => {
    report.dropped.push({ fixer: step.fixer, files: step.files, reason });
    await deps.workspace.reset(wt.dir);
    return { unfixed: [], dropped: reason, learnt: taught(), report };
  };
  if (ran.timedOut) return drop(`the fixer timed out after ${input.fixerTimeoutMs} ms`);
  let change = await deps.workspace.worktreeChanges(wt.dir);
  if (change.files.length === 0)
    return drop(
      `the fixer changed nothing (exit code ${ran.exitCode}): ${ran.output.trim().split('\n').slice(-2).join(' ')}`,
    );
  const safety = safetyIn(ctx, wt.dir, { author: 'tool', targets: step.diagnostics });
  let violations = await safety(change.files, change.patch);
  const protectedPaths = violations.flatMap((v) => (v.rule === 'protected-path' && v.path ? [v.path] : []));
  if (protectedPaths.length && violations.every((v) => v.path && protectedPaths.includes(v.path))) {
    // One protected file does not sink the step: it is put back, and its findings are left for a person.
    await deps.workspace.revertPaths(wt.dir, protectedPaths);
    const reason = (path: string) =>
      `${path} is protected (safety.protected_paths) and ${step.fixer} would change more than its layout; left for a person (or list it in safety.allow_paths)`;
    for (const d of step.diagnostics)
      if (d.location && protectedPaths.includes(d.location.path))
        verdicts.push([d, { fixability: 'none', reason: reason(d.location.path) }]);
    report.notes.push(
      `${step.fixer}: ${protectedPaths.join(', ')} ${protectedPaths.length === 1 ? 'is' : 'are'} protected and left as ${protectedPaths.length === 1 ? 'it is' : 'they are'}; the fix went on for the other files`,
    );
    step = {
      ...step,
      files: step.files.filter((f) => !protectedPaths.includes(f)),
      diagnostics: step.diagnostics.filter((d) => !d.location || !protectedPaths.includes(d.location.path)),
    };
    change = await deps.workspace.worktreeChanges(wt.dir);
    if (!change.files.length || !step.diagnostics.length)
      return drop(`safety policy: ${violations.map((v) => v.message).join('; ')}`);
    violations = await safety(change.files, change.patch);
  }
  if (violations.length) return drop(`safety policy: ${violations.map((v) => v.message).join('; ')}`);

  const seenBefore = learnt.seen;
  const check = async () => {
    const after = await checkIn(ctx, withVerdicts(learnt, verdicts));
    seen = sawRun(seen, after);
    return after;
  };
  let v = await validate(
    ctx,
    check,
    step,
    current,
    change.files.map((f) => f.path),
    seenBefore,
  );
  const settled: string[] = [];
  if (v.caused.length) {
    // A lint fix can unsettle layout (a removed import leaves a blank line for the formatter): when
    // formatters and import sorters cover everything the fix caused, they run on it in the same step.
    const settle = deps.planFixes(v.caused, input.config.fixers, deps.tools(wt.dir));
    const layout = settle.steps.every(
      (s) => s.commit.type === 'style' || /^I\d+$/.test(s.diagnostics[0]?.code?.value ?? ''),
    );
    if (settle.steps.length && layout && !settle.model.length && !settle.notFixable.length) {
      for (const s of settle.steps) {
        ctx.emit({ type: 'settle', fixer: s.fixer, after: step.fixer, files: s.files });
        await deps.sandbox.run({
          argv: s.argv,
          cwd: wt.dir,
          writable: [wt.dir],
          readable: ctx.readable,
          timeoutMs: input.fixerTimeoutMs,
        });
        settled.push(s.fixer);
      }
      change = await deps.workspace.worktreeChanges(wt.dir);
      violations = await safety(change.files, change.patch);
      if (violations.length) return drop(`safety policy: ${violations.map((x) => x.message).join('; ')}`);
      v = await validate(
        ctx,
        check,
        step,
        current,
        change.files.map((f) => f.path),
        seenBefore,
      );
    }
  }
  if (v.caused.length)
    return drop(
      `validation: ${v.caused.length} new diagnostic(s) appeared, e.g. ${v.caused[0]!.source.name} ${v.caused[0]!.location?.path ?? ''}: ${v.caused[0]!.message.split('\n')[0]}`,
    );
  if (!v.fixed.length)
    return drop(`validation: none of the ${step.diagnostics.length} targeted diagnostic(s) went away`);
  if (v.revealed)
    report.notes.push(
      `after ${step.fixer}, ${v.revealed} finding(s) of a tool that had not run before appeared; they were planned in turn`,
    );
  const changed = change.files.map((f) => f.path);
  const { fixed, unfixed, after } = v;
  const tool = `${await toolLabel(ctx, deps, step)}${settled.length ? `, then ${settled.join(', ')}` : ''}`;
  const message = commitMessage(step, fixed, tool, input.config.commit.message);
  const sha = await deps.workspace.commitAll(wt.dir, {
    message,
    author: input.config.commit.author,
    paths: changed,
  });
  await deps.workspace.reset(wt.dir);
  ctx.emit({ type: 'committed', subject: message.split('\n')[0]! });
  report.fixes.push({ fixer: step.fixer, tool, files: changed, fixed, commit: sha });
  return { after, unfixed, learnt: taught(), report };
}

/**
 * The check after a step: which targets went away, which remain, and what is new. With a check that stops
 * at its first failure, findings of a tool that had not reported anything in any earlier run were hidden
 * behind the failure the step fixed, not caused by it.
 */
async function validate(
  ctx: JobContext,
  check: () => Promise<CheckRun>,
  step: FixStep,
  current: CheckRun,
  changed: string[],
  seenBefore: ReadonlySet<string>,
) {
  ctx.emit({ type: 'validating', after: step.fixer, files: changed });
  const after = await check();
  const still = new Set(after.analysis.diagnostics.map(sameFailure));
  const had = new Set(current.analysis.diagnostics.map(sameFailure));
  const fresh = after.analysis.diagnostics.filter((d) => !had.has(sameFailure(d)));
  const hidden = (d: Diagnostic) => !!ctx.check.stopsEarly && !current.passed && !seenBefore.has(toolRun(d));
  const caused = fresh.filter((d) => !hidden(d));
  return {
    after,
    fixed: step.diagnostics.filter((d) => !still.has(sameFailure(d))),
    unfixed: step.diagnostics.filter((d) => still.has(sameFailure(d))),
    caused,
    revealed: fresh.length - caused.length,
  };
}
