import type { Diagnostic } from '../domain/index.js';
import type { FixBudget } from './budget.js';
import { FIRM_RULES, type Violation } from '../validate/index.js';
import { sameFailure, trackGroup } from './finding-moves.js';
import { addCost, requestEdits } from './model-request.js';
import type { ModelAttempt, ModelCost, ModelDeps, ModelStepIO } from './model-types.js';
import type { CheckRun } from './run-check.js';

export { addCost, sameFailure };
export type { ModelAttempt, ModelCost, ModelDeps, ModelStepIO };

/** What the loop carries from one request to the next. */
interface LoopState {
  group: Diagnostic[];
  feedback?: string;
  /** The edits kept so far (progress on findings that moved), re-applied after a failed request. */
  kept?: string;
  /** Firm refusals already fed back (`rule path`): the same again ends the attempt. */
  refused: Set<string>;
}

/**
 * One group of model-fixable diagnostics (one file): ask for edits (or let an agent edit), check the
 * safety policy, re-run the check; on failure feed the reasons back, at most `llm.max_iterations` times.
 * A finding that moved (a tool that reports only its first error moved on to the next) is progress: the
 * edit is kept and the next request is about the new location, without counting as a failed try. A firm
 * refusal (a suppression, a weakened assertion, a protected file) is explained once; made again, the
 * attempt ends. A model never runs anything: it only proposes edits, and an agent's edits are held to
 * the same policy and validation.
 */
export async function fixWithModel(
  group: Diagnostic[],
  current: CheckRun,
  io: ModelStepIO,
  deps: ModelDeps,
  budget: FixBudget,
): Promise<ModelAttempt> {
  const cost: ModelCost = { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 };
  const max = io.config.llm.max_iterations;
  const had = new Set(current.analysis.diagnostics.map(sameFailure));
  const state: LoopState = { group, refused: new Set() };
  const rollback = async () => {
    await io.reset();
    if (state.kept) await io.applyPatch(state.kept);
  };
  const fail = async (reason: string, iterations: number): Promise<ModelAttempt> => {
    // Whatever the request left (an agent's half-done edits, progress kept) goes: the group is not fixed.
    await io.reset();
    return { kept: false, reason, cost, iterations };
  };
  let misses = 0;
  // Progress does not count as a miss; the hard cap keeps a model that only ever moves findings finite.
  for (let iteration = 1; misses < max && iteration <= max * 3; iteration++) {
    const before = linesOf(state.group, (f) => deps.readFile(io.dir, f));
    const asked = await requestEdits(state.group, io, deps, budget, cost, {
      iteration,
      ...(io.examples?.length ? { examples: io.examples } : {}),
      ...(state.feedback ? { feedback: state.feedback } : {}),
    });
    if (asked.kind === 'end') return fail(asked.reason, asked.counts ? iteration : iteration - 1);
    if (asked.kind === 'rejected') {
      const again = asked.feedback === state.feedback;
      await rollback();
      if (again)
        return fail(`the same edits were rejected again: ${asked.feedback.split('\n')[0]}`, iteration);
      state.feedback = asked.feedback;
      misses++;
      continue;
    }
    const change = await io.changes();
    if (!change.files.length)
      return fail(
        `${deps.client.provider === 'agent-cli' ? deps.client.name : 'the model'} changed nothing${asked.explanation ? `: ${asked.explanation.slice(0, 200)}` : ''}`,
        iteration,
      );
    const violations = await io.safety(change.files, change.patch, state.group);
    if (violations.length) {
      await rollback();
      const repeated = violations.filter((v) => FIRM_RULES.has(v.rule) && state.refused.has(firmKey(v)));
      if (repeated.length)
        return fail(`the safety policy refused it again: ${repeated[0]!.message}`, iteration);
      state.feedback = refusalFeedback(violations, state.refused);
      misses++;
      continue;
    }
    const judged = await judgeEdit(state, io, deps, had, before, change.patch);
    if (judged === 'progress') continue;
    if (judged === 'miss') {
      await rollback();
      misses++;
      continue;
    }
    return {
      kept: true,
      fixed: group,
      files: change.files.map((f) => f.path),
      size: change.files.reduce((n, f) => n + f.added + f.removed, 0),
      patch: change.patch,
      after: judged.after,
      cost,
      iterations: iteration,
    };
  }
  return fail(
    `no attempt passed validation in ${max} iteration(s); last: ${state.feedback?.split('\n')[0] ?? ''}`,
    max,
  );
}

/**
 * The check after an edit the policy allowed: the whole group fixed (and nothing new), progress (a
 * finding moved on: the edit is kept, the group follows it), or a miss (what went wrong is fed back).
 */
async function judgeEdit(
  state: LoopState,
  io: ModelStepIO,
  deps: ModelDeps,
  had: ReadonlySet<string>,
  before: ReadonlyMap<string, string[]>,
  patch: string,
): Promise<{ after: CheckRun } | 'progress' | 'miss'> {
  const after = await io.check();
  const track = trackGroup(state.group, after.analysis.diagnostics, before, (f) => deps.readFile(io.dir, f));
  const fresh = after.analysis.diagnostics.filter((d) => !had.has(sameFailure(d)));
  if (!track.still.length && !track.moved.length && !fresh.length) return { after };
  if (track.moved.length && !fresh.length) {
    io.emit({
      type: 'model-moved',
      moves: track.moved.map((m) => ({
        from: m.from.location?.range?.start.line,
        to: m.to.location?.range?.start.line,
      })),
    });
    state.kept = patch;
    state.group = [...track.still, ...track.moved.map((m) => m.to)];
    delete state.feedback;
    return 'progress';
  }
  state.feedback = validationFeedback(track.still, fresh);
  return 'miss';
}

/** The lines of the files a group names, as they are before a request. */
function linesOf(group: Diagnostic[], read: (file: string) => string | undefined): Map<string, string[]> {
  const files = new Set(group.flatMap((d) => (d.location ? [d.location.path] : [])));
  return new Map([...files].map((f) => [f, (read(f) ?? '').split('\n')]));
}

const firmKey = (v: Violation) => `${v.rule} ${v.path ?? ''}`;

/** The refusals, and for the firm ones (which the same edit would meet again) that they are final. */
function refusalFeedback(violations: Violation[], refused: Set<string>): string {
  const firm = violations.filter((v) => FIRM_RULES.has(v.rule));
  for (const v of firm) refused.add(firmKey(v));
  return [
    ...violations.map((v) => `- ${v.message}`),
    ...(firm.length
      ? [
          '- These are refused by the safety policy every time, whatever the wording: fix the code itself, or propose no edits and say why.',
        ]
      : []),
  ].join('\n');
}

function validationFeedback(still: Diagnostic[], fresh: Diagnostic[]): string {
  const where = (d: Diagnostic) =>
    `${d.source.name} ${d.location?.path ?? ''}:${d.location?.range?.start.line ?? ''} ${d.message}`;
  return [
    ...still.map((d) => `- still reported: ${where(d)}`),
    ...fresh.slice(0, 10).map((d) => `- new: ${where(d)}`),
  ].join('\n');
}
