import { basename } from 'node:path';
import type { Diagnostic } from '../domain/index.js';
import { planFixes, type FixStep } from '../fixers/index.js';
import { commitMessage } from './commit-message.js';
import type { Violation } from '../validate/index.js';
import type { FileChange } from '../workspace/index.js';
import type { FixJobDeps, TriedFinding } from './fix-job.js';
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
import { emptyReport, findingsFixed, findingsOf, type StageReport } from './outcome.js';
import type { Skip } from './memory-plan.js';
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
  // Some tools say `Version: 2.6.9`: the label keeps the number alone, named by the program.
  const version =
    r?.exitCode === 0
      ? r.output
          .trim()
          .split('\n')[0]!
          .trim()
          .replace(/^version:?\s*/i, '')
      : undefined;
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

/** How the fix memory names a deterministic step's strategy. */
export const strategyOf = (step: Pick<FixStep, 'candidate' | 'fixer'>): string =>
  `${step.candidate ? 'unsafe' : 'tool'}:${step.fixer}`;

/** Why a step is dropped, when a safety check refuses its change. */
const refused = (violations: Violation[]) => `safety policy: ${violations.map((v) => v.message).join('; ')}`;

/** One step's run: what it has changed so far, and what it has taught the job. */
class StepRun {
  readonly deps: FixJobDeps;
  readonly report = emptyReport();
  readonly verdicts: Array<[Diagnostic, LearntVerdict]> = [];
  seen: Learnt;
  change: { files: FileChange[]; patch: string } = { files: [], patch: '' };
  private readonly started = Date.now();
  /** What the step aims at, read before it changes anything (`applyStep` sets it first). */
  findings: TriedFinding[] = [];

  constructor(
    readonly ctx: JobContext,
    readonly learnt: Learnt,
    public step: FixStep,
  ) {
    this.deps = effects(ctx, learnt);
    this.seen = learnt;
  }

  taught = () => withVerdicts(this.seen, this.verdicts);

  async drop(reason: string): Promise<StepResult> {
    this.report.dropped.push({ fixer: this.step.fixer, files: this.step.files, reason });
    this.report.tried.push({ ...this.tried(), kept: false, reason });
    await this.deps.workspace.reset(this.ctx.wt.dir);
    return { unfixed: [], dropped: reason, learnt: this.taught(), report: this.report };
  }

  run(argv: string[]) {
    return this.deps.sandbox.run({
      argv,
      cwd: this.ctx.wt.dir,
      writable: [this.ctx.wt.dir],
      readable: this.ctx.readable,
      timeoutMs: this.ctx.input.fixerTimeoutMs,
    });
  }

  /** The worktree's change now, and what the safety policy says of it (nothing when there is none). */
  async changed(): Promise<Violation[]> {
    this.change = await this.deps.workspace.worktreeChanges(this.ctx.wt.dir);
    if (!this.change.files.length) return [];
    const safety = safetyIn(this.ctx, this.ctx.wt.dir, { author: 'tool', targets: this.step.diagnostics });
    return safety(this.change.files, this.change.patch);
  }

  /** The check, judged with what the step taught; the tool runs it saw are remembered. */
  check = async (): Promise<CheckRun> => {
    const after = await checkIn(this.ctx, withVerdicts(this.learnt, this.verdicts));
    this.seen = sawRun(this.seen, after);
    return after;
  };

  /**
   * One protected file does not sink the step: it is put back, and its findings are left for a person.
   * Returns the violations of what is left, or undefined when nothing is.
   */
  async putBack(protectedPaths: string[]): Promise<Violation[] | undefined> {
    const { step } = this;
    await this.deps.workspace.revertPaths(this.ctx.wt.dir, protectedPaths);
    const reason = (path: string) =>
      `${path} is protected (safety.protected_paths) and ${step.fixer} would change more than its layout; left for a person (or list it in safety.allow_paths)`;
    for (const d of step.diagnostics)
      if (d.location && protectedPaths.includes(d.location.path))
        this.verdicts.push([d, { fixability: 'none', reason: reason(d.location.path) }]);
    const one = protectedPaths.length === 1;
    this.report.notes.push(
      `${step.fixer}: ${protectedPaths.join(', ')} ${one ? 'is' : 'are'} protected and left as ${one ? 'it is' : 'they are'}; the fix went on for the other files`,
    );
    this.step = {
      ...step,
      files: step.files.filter((f) => !protectedPaths.includes(f)),
      diagnostics: step.diagnostics.filter((d) => !d.location || !protectedPaths.includes(d.location.path)),
    };
    const violations = await this.changed();
    return this.change.files.length && this.step.diagnostics.length ? violations : undefined;
  }

  /**
   * A lint fix can unsettle layout (a removed import leaves a blank line for the formatter): when
   * formatters and import sorters cover everything the fix caused, they run on it in the same step.
   * Returns the fixers that ran, or none.
   */
  async settle(caused: Diagnostic[]): Promise<string[]> {
    const { deps, ctx } = this;
    const settle = planFixes(caused, ctx.input.config.fixers, deps.tools(ctx.wt.dir));
    const layout = settle.steps.every(
      (s) => s.commit.type === 'style' || /^I\d+$/.test(s.diagnostics[0]?.code?.value ?? ''),
    );
    if (!settle.steps.length || !layout || settle.model.length || settle.notFixable.length) return [];
    for (const s of settle.steps) {
      ctx.emit({ type: 'settle', fixer: s.fixer, after: this.step.fixer, files: s.files });
      await this.run(s.argv);
    }
    return settle.steps.map((s) => s.fixer);
  }

  async commit(fixed: Diagnostic[], settled: string[]): Promise<void> {
    const { ctx, deps, step } = this;
    const changed = this.change.files.map((f) => f.path);
    const tool = `${await toolLabel(ctx, deps, step)}${settled.length ? `, then ${settled.join(', ')}` : ''}`;
    const message = commitMessage(step, fixed, tool, ctx.input.config.commit.message, {
      strategy: this.strategy(),
      findings: findingsFixed(fixed, step.diagnostics, this.findings),
    });
    const author = ctx.input.config.commit.author;
    const sha = await deps.workspace.commitAll(ctx.wt.dir, { message, author, paths: changed });
    await deps.workspace.reset(ctx.wt.dir);
    ctx.emit({ type: 'committed', subject: message.split('\n')[0]! });
    this.report.fixes.push({ fixer: step.fixer, tool, files: changed, fixed, commit: sha });
    this.report.tried.push({ ...this.tried(), kept: true, commit: sha });
  }

  strategy = () => strategyOf(this.step);

  /** The step as the fix memory records it. */
  private tried() {
    return {
      strategy: this.strategy(),
      findings: this.findings,
      ms: Date.now() - this.started,
    };
  }
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
  /** Findings the memory said this round's strategies must not fix: a change that fixes one is dropped. */
  skips: readonly Skip[] = [],
): Promise<StepResult> {
  const s = new StepRun(ctx, learnt, given);
  s.findings = await findingsOf(given.diagnostics, (path) => s.deps.workspace.fileAtHead(ctx.wt.dir, path));
  ctx.emit({ type: 'step', fixer: given.fixer, command: given.argv, files: given.files });
  const ran = await s.run(given.argv);
  if (ran.timedOut) return s.drop(`the fixer timed out after ${ctx.input.fixerTimeoutMs} ms`);
  let violations = await s.changed();
  if (s.change.files.length === 0)
    return s.drop(
      `the fixer changed nothing (exit code ${ran.exitCode}): ${ran.output.trim().split('\n').slice(-2).join(' ')}`,
    );
  const protectedPaths = violations.flatMap((v) => (v.rule === 'protected-path' && v.path ? [v.path] : []));
  if (protectedPaths.length && violations.every((v) => v.path && protectedPaths.includes(v.path))) {
    const rest = await s.putBack(protectedPaths);
    if (!rest) return s.drop(refused(violations));
    violations = rest;
  }
  if (violations.length) return s.drop(refused(violations));
  const validateNow = () =>
    validate(
      ctx,
      s.check,
      s.step,
      current,
      s.change.files.map((f) => f.path),
      learnt.seen,
    );
  let v = await validateNow();
  const settled = v.caused.length ? await s.settle(v.caused) : [];
  if (settled.length) {
    violations = await s.changed();
    if (violations.length) return s.drop(refused(violations));
    v = await validateNow();
  }
  if (v.caused.length)
    return s.drop(
      `validation: ${v.caused.length} new diagnostic(s) appeared, e.g. ${v.caused[0]!.source.name} ${v.caused[0]!.location?.path ?? ''}: ${v.caused[0]!.message.split('\n')[0]}`,
    );
  if (!v.fixed.length)
    return s.drop(`validation: none of the ${s.step.diagnostics.length} targeted diagnostic(s) went away`);
  const still = new Set(v.after.analysis.diagnostics.map(sameFailure));
  const redone = skips.find((k) => k.strategy === s.strategy() && !still.has(sameFailure(k.diagnostic)));
  if (redone)
    return s.drop(
      `it also changes ${redone.finding.path ?? 'code'} where ${redone.rule.reason}; that finding is left as it is`,
    );
  if (v.revealed)
    s.report.notes.push(
      `after ${s.step.fixer}, ${v.revealed} finding(s) of a tool that had not run before appeared; they were planned in turn`,
    );
  await s.commit(v.fixed, settled);
  return { after: v.after, unfixed: v.unfixed, learnt: s.taught(), report: s.report };
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
