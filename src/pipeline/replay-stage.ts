import type { Diagnostic } from '../domain/index.js';
import { sameFailure } from './finding-moves.js';
import { checkIn, effects, safetyIn, type JobContext, type Learnt } from './job.js';
import { avoided, decide } from './memory-plan.js';
import { commitFix, modelGroups } from './commit-fix.js';
import { replaysFor } from './memory-replay.js';
import { emptyReport, findingsFixed, findingsOf, type StageReport } from './outcome.js';
import type { CheckRun } from './run-check.js';

/**
 * Accepted fixes applied again, before any model is asked (issue 23): for each file's model-fixable
 * findings whose signature recurs on code equal (modulo layout) to code an accepted fix changed, that
 * fix's edits are applied, held to the safety policy, and validated by the check like any fix. Kept only
 * when every replayed finding went away and nothing new appeared; no model, no cost.
 */
export async function runReplayStage(
  ctx: JobContext,
  learnt: Learnt,
  given: CheckRun,
): Promise<{ current: CheckRun; report: StageReport }> {
  const report = emptyReport();
  const replays = ctx.input.replays ?? [];
  let current = given;
  if (!replays.length) return { current, report };
  const deps = effects(ctx, learnt);
  const read = (path: string) => deps.workspace.fileAtHead(ctx.wt.dir, path);
  for (const [file, group] of modelGroups(current.analysis.diagnostics)) {
    const started = Date.now();
    const findings = await findingsOf(group, read);
    // A replay people rejected for this code (a revert of it) is not made again.
    const matches = replaysFor(group, findings, replays).filter(
      (m) => !avoided(ctx.input.avoid ?? [], `replay:${m.replay.strategy}`, m.finding),
    );
    if (!matches.length) continue;
    const replayed = matches.map((m) => m.diagnostic);
    const from = matches[0]!.replay;
    const strategy = `replay:${from.strategy}`;
    const tried = findingsFixed(replayed, group, findings);
    const said = (reason: string) => sayReplays(ctx, report, matches, strategy, file, reason);
    const result = await replayOnce(ctx, learnt, file, matches, current);
    if (!result.kept) {
      said(`the accepted fix ${from.commit.slice(0, 7)} did not hold here: ${result.reason}`);
      report.tried.push({
        strategy,
        findings: tried,
        kept: false,
        reason: result.reason,
        ms: Date.now() - started,
      });
      continue;
    }
    said(`the accepted fix ${from.commit.slice(0, 7)} (${from.strategy}) applied again, no model asked`);
    const tool = `replayed from memory: ${from.commit.slice(0, 7)}, accepted before (${from.strategy})`;
    const sha = await commitFix(ctx, learnt, {
      fixer: 'memory',
      verb: 'fix {n} finding(s) as accepted before ({codes})',
      tool,
      files: result.files,
      fixed: result.fixed,
      memory: { strategy, findings: tried },
    });
    report.fixes.push({ fixer: 'memory', tool, files: result.files, fixed: result.fixed, commit: sha });
    report.tried.push({ strategy, findings: tried, kept: true, commit: sha, ms: Date.now() - started });
    current = result.after;
  }
  return { current, report };
}

/** Each replay, as a `memory` progress event and a decision of the outcome. */
function sayReplays(
  ctx: JobContext,
  report: StageReport,
  matches: ReturnType<typeof replaysFor>,
  strategy: string,
  file: string,
  reason: string,
): void {
  for (const m of matches)
    decide(ctx, report, {
      decision: 'replay',
      strategy,
      signature: m.finding.signature.id,
      path: file,
      reason,
    });
}

type Replayed =
  { kept: true; fixed: Diagnostic[]; files: string[]; after: CheckRun } | { kept: false; reason: string };

/** One file's replays applied, checked by the safety policy and the check; reset unless kept. */
async function replayOnce(
  ctx: JobContext,
  learnt: Learnt,
  file: string,
  matches: ReturnType<typeof replaysFor>,
  current: CheckRun,
): Promise<Replayed> {
  const deps = effects(ctx, learnt);
  const dir = ctx.wt.dir;
  const fail = async (reason: string): Promise<Replayed> => {
    await deps.workspace.reset(dir);
    return { kept: false, reason };
  };
  const edits = [
    ...new Map(
      matches.flatMap((m) => m.replay.edits.map((e) => [`${e.old}\u0000${e.new}`, { file, ...e }] as const)),
    ).values(),
  ];
  const applied = await deps.applyEdits(dir, edits, new Set([file]));
  if (!applied.applied.length) return fail('its code changed since: none of its edits applies');
  const change = await deps.workspace.worktreeChanges(dir);
  const targets = matches.map((m) => m.diagnostic);
  const violations = await safetyIn(ctx, dir, { author: 'model', targets })(change.files, change.patch);
  if (violations.length) return fail(`the safety policy refused it: ${violations[0]!.message}`);
  const after = await checkIn(ctx, learnt, dir);
  const had = new Set(current.analysis.diagnostics.map(sameFailure));
  const still = new Set(after.analysis.diagnostics.map(sameFailure));
  const fresh = after.analysis.diagnostics.filter((d) => !had.has(sameFailure(d)));
  if (fresh.length)
    return fail(
      `${fresh.length} new finding(s), e.g. ${fresh[0]!.source.name}: ${fresh[0]!.message.split('\n')[0]}`,
    );
  const left = targets.filter((d) => still.has(sameFailure(d)));
  if (left.length) return fail(`${left.length} of its ${targets.length} finding(s) still reported`);
  return { kept: true, fixed: targets, files: change.files.map((f) => f.path), after };
}
