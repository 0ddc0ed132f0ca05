import type { Analysis, Diagnostic } from '../domain/index.js';
import { codeKey, signatureOf } from '../triage/index.js';
import { commandText, type CheckPlan } from '../validate/index.js';
import type {
  AppliedFix,
  DroppedFix,
  FixOutcome,
  FixOutcomeKind,
  MemoryDecision,
  PinReport,
  TriedFinding,
  TriedFix,
} from './fix-job.js';
import type { ModelCost } from './model-types.js';
import type { CheckRun } from './run-check.js';

/** What a stage adds to the outcome: returned, never written into a shared one. */
export interface StageReport {
  fixes: AppliedFix[];
  dropped: DroppedFix[];
  tried: TriedFix[];
  decisions: MemoryDecision[];
  notes: string[];
  pins?: PinReport[];
  cost?: ModelCost;
}

export const emptyReport = (): StageReport => ({
  fixes: [],
  dropped: [],
  tried: [],
  decisions: [],
  notes: [],
});

/** What a try aimed at, as the fix memory keys it, read from the code before the try (`read`: a file). */
export async function findingsOf(
  ds: readonly Diagnostic[],
  read: (path: string) => Promise<string | undefined>,
): Promise<TriedFinding[]> {
  const files = new Map<string, Promise<string | undefined>>();
  return Promise.all(
    ds.map(async (d) => {
      const path = d.location?.path;
      const line = d.location?.range?.start.line;
      if (path && !files.has(path))
        files.set(
          path,
          read(path).catch(() => undefined),
        );
      const text = path ? await files.get(path) : undefined;
      const code = text !== undefined && line ? codeKey(text, line) : undefined;
      return {
        signature: signatureOf(d),
        ...(path ? { path } : {}),
        ...(line ? { line } : {}),
        ...(code ? { code } : {}),
      };
    }),
  );
}

/** Of the findings a try aimed at (`findings[i]` is `aimed[i]`'s), those of the diagnostics it fixed. */
export function findingsFixed(
  fixed: readonly Diagnostic[],
  aimed: readonly Diagnostic[],
  findings: readonly TriedFinding[],
): TriedFinding[] {
  const at = new Map(aimed.map((d, i) => [d, i] as const));
  return fixed.flatMap((d) => {
    const f = findings[at.get(d) ?? -1];
    return f ? [f] : [];
  });
}

/** Reports in the order their stages ran, as one. */
export function mergeReports(...reports: StageReport[]): StageReport {
  const out = emptyReport();
  for (const r of reports) {
    out.fixes.push(...r.fixes);
    out.dropped.push(...r.dropped);
    out.tried.push(...r.tried);
    out.decisions.push(...r.decisions);
    out.notes.push(...r.notes);
    if (r.pins?.length) out.pins = [...(out.pins ?? []), ...r.pins];
    if (r.cost) {
      const c = (out.cost ??= { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 });
      c.requests += r.cost.requests;
      c.input_tokens += r.cost.input_tokens;
      c.output_tokens += r.cost.output_tokens;
      c.usd += r.cost.usd;
    }
  }
  return out;
}

/** What the job starts from: the check's result, the scope, and what explains a bare red. */
export function startReport(o: {
  check: CheckPlan;
  before: CheckRun;
  fromLogs: Analysis | undefined;
  targets: number;
  scope?: { base: string; files: ReadonlySet<string> };
}): Pick<FixOutcome, 'scope' | 'excerpts' | 'notes'> {
  const { check, before, fromLogs, scope } = o;
  const notes: string[] = [];
  const out: Pick<FixOutcome, 'scope' | 'excerpts' | 'notes'> = { notes };
  const found = before.analysis.diagnostics;
  if (scope)
    out.scope = {
      base: scope.base,
      files: scope.files.size,
      out_of_scope: found.filter((d) => d.location && !scope.files.has(d.location.path)).length,
    };
  if (check.stopsEarly && !before.passed)
    notes.push(
      `${check.stopsEarly}: findings of later tools may have been hidden; ci-autofix plans again after each fix`,
    );
  if (o.targets === 0 && (!before.passed || fromLogs)) {
    const source = fromLogs?.excerpts.length ? fromLogs : before.analysis;
    out.excerpts = source.excerpts.slice(0, 5).map((e) => ({
      step: e.step,
      lines: e.lines,
      reason: e.reason,
      text: e.text.map(([, t]) => t),
    }));
    notes.push(
      `the ${fromLogs ? 'logs show' : 'check failed with'} no finding that ci-autofix recognises (an unknown tool, a crash, a missing program?)${out.excerpts.length ? '; the lines that explain the failure follow' : ''}`,
    );
  }
  return out;
}

/**
 * The outcome, from the parts the stages returned: the check before and after, the plan, the reports, and
 * how many fix steps were tried.
 */
export function assembleOutcome(o: {
  check: CheckPlan;
  timing: FixOutcome['timing'];
  before: CheckRun;
  after: CheckRun;
  /** The start's scope and excerpts (its notes are in `report`, in the order things happened). */
  start: Pick<FixOutcome, 'scope' | 'excerpts'>;
  plan?: FixOutcome['plan'];
  report: StageReport;
  attempted: number;
  /** False when the job stopped before fixing (nothing to fix, a dry run). */
  fixing: boolean;
}): FixOutcome {
  const { report, before, after } = o;
  const kind: FixOutcomeKind = !o.fixing
    ? 'nothing-to-fix'
    : report.fixes.length
      ? after.passed
        ? 'fixed'
        : 'partial'
      : o.attempted
        ? 'validation-failed'
        : 'not-fixable';
  return {
    outcome: kind,
    fixes: report.fixes,
    dropped: report.dropped,
    tried: report.tried,
    memory: { decisions: report.decisions },
    commits: report.fixes.flatMap((f) => (f.commit ? [f.commit] : [])),
    validation: {
      check: {
        source: o.check.source,
        reason: o.check.reason,
        commands: o.check.commands.map(commandText),
        ...(o.check.stopsEarly ? { stops_early: o.check.stopsEarly } : {}),
      },
      before: { passed: before.passed, diagnostics: before.analysis.diagnostics.length },
      after: { passed: after.passed, diagnostics: after.analysis.diagnostics.length },
    },
    remaining: after.analysis.diagnostics,
    plan: o.plan ?? { steps: [], model: 0, not_fixable: 0, notes: [] },
    ...(report.pins ? { pins: report.pins } : {}),
    ...(o.start.scope ? { scope: o.start.scope } : {}),
    ...(o.start.excerpts ? { excerpts: o.start.excerpts } : {}),
    cost: report.cost ?? { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 },
    timing: o.timing,
    notes: report.notes,
  };
}
