import type { Diagnostic } from '../domain/index.js';
import { FINDING_TRAILER, isAutofixCommit, STRATEGY_TRAILER } from './commit-message.js';
import type { Avoid, MemoryDecision, TriedFinding } from './memory-types.js';
import type { JobContext } from './job.js';
import { emptyReport, findingsOf, type StageReport } from './outcome.js';

/**
 * A fix commit a person took back in the pull request: what it fixed, as its trailers say, and how:
 * `revertedBy` the person's `git revert` of it, or (absent) its lines undone by hand in a later commit.
 */
export interface RevertedFix {
  commit: string;
  revertedBy?: string;
  strategy: string;
  findings: Array<{ signature: string; code?: string }>;
}

const REVERTS = /^This reverts commit ([0-9a-f]{40})\b/m;
const trailer = (name: string) => new RegExp(`^${name}: (.+)$`, 'gm');

/** What a ci-autofix commit fixed, by its trailers; undefined for any other commit. */
function fixOf(sha: string, message: string): RevertedFix | undefined {
  const strategy = [...message.matchAll(trailer(STRATEGY_TRAILER))][0]?.[1]?.trim();
  if (!strategy || !isAutofixCommit(message)) return undefined;
  const findings = [...message.matchAll(trailer(FINDING_TRAILER))].map((m) => {
    const [signature, code] = m[1]!.trim().split(/\s+/);
    return { signature: signature!, ...(code && code !== '-' ? { code } : {}) };
  });
  return { commit: sha, strategy, findings };
}

/**
 * The fixes of ci-autofix that a person reverted among a pull request's commits (newest first, as
 * `git log` lists them): a commit that says "This reverts commit <sha>" of a commit carrying ci-autofix's
 * trailers, and is not ci-autofix's own.
 */
export function revertedFixes(commits: ReadonlyArray<{ sha: string; message: string }>): RevertedFix[] {
  const bySha = new Map(commits.map((c) => [c.sha, c.message] as const));
  return commits.flatMap((c) => {
    const reverted = REVERTS.exec(c.message)?.[1];
    const message = reverted ? bySha.get(reverted) : undefined;
    const fix = reverted && message && !isAutofixCommit(c.message) ? fixOf(reverted, message) : undefined;
    return fix ? [{ ...fix, revertedBy: c.sha }] : [];
  });
}

/**
 * The fixes whose lines a person undid by hand (no `git revert`): of the pull request's fix commits not
 * reverted, those `isUndone` finds undone in its head (newest first, as `revertedFixes` takes them).
 */
export async function undoneFixes(
  commits: ReadonlyArray<{ sha: string; message: string }>,
  reverted: readonly RevertedFix[],
  isUndone: (sha: string) => Promise<boolean>,
): Promise<RevertedFix[]> {
  const known = new Set(reverted.map((r) => r.commit));
  const out: RevertedFix[] = [];
  // The newest commit cannot have been undone by a later one.
  for (const c of commits.slice(1)) {
    const fix = known.has(c.sha) ? undefined : fixOf(c.sha, c.message);
    if (fix && (await isUndone(c.sha))) out.push(fix);
  }
  return out;
}

/** The fixes a person took back in a branch's history (newest first): reverted, or undone by hand. */
export async function takenBackFixes(
  commits: ReadonlyArray<{ sha: string; message: string }>,
  isUndone: (sha: string) => Promise<boolean>,
): Promise<RevertedFix[]> {
  const reverted = revertedFixes(commits);
  return [...reverted, ...(await undoneFixes(commits, reverted, isUndone))];
}

/** How a person took a fix back, for notes. */
const takenBack = (r: RevertedFix): string =>
  r.revertedBy
    ? `${r.revertedBy.slice(0, 7)} reverts ${r.commit.slice(0, 7)}`
    : `a later commit undid the lines of ${r.commit.slice(0, 7)}`;

/** The reason of the rejection a taken-back fix is, in pull request `pr`. */
export const rejectedIn = (r: RevertedFix, pr: number): string =>
  r.revertedBy
    ? `reverted in #${pr} by ${r.revertedBy.slice(0, 7)}`
    : `its lines undone in #${pr} by a later commit`;

/** What the pull request's reverts say not to try again. */
export function avoidReverted(reverted: readonly RevertedFix[]): Avoid[] {
  return reverted.flatMap((r) =>
    r.findings.map((f) => ({
      signature: f.signature,
      ...(f.code ? { code: f.code } : {}),
      strategy: r.strategy,
      reason: `a person ${r.revertedBy ? 'reverted' : 'undid'} this fix in the pull request (${takenBack(r)})`,
    })),
  );
}

/**
 * The avoid rule that holds for this finding and strategy, if any. A replay is its fix made again: a
 * rejected replay rejects the strategy whose fix it replayed, and the other way round.
 */
export function avoided(
  avoid: readonly Avoid[],
  strategy: string,
  finding: Pick<TriedFinding, 'signature' | 'code'>,
): Avoid | undefined {
  const same = (a: string) => a === strategy || a === `replay:${strategy}` || strategy === `replay:${a}`;
  return avoid.find(
    (a) =>
      same(a.strategy) &&
      a.signature === finding.signature.id &&
      (a.code === undefined || a.code === finding.code),
  );
}

/**
 * The diagnostics a strategy may try and those it skips (each with the rule), in the order given;
 * `findings[i]` is `ds[i]`'s.
 */
export function splitAvoided(
  ds: readonly Diagnostic[],
  findings: readonly TriedFinding[],
  strategy: string,
  avoid: readonly Avoid[],
): {
  tryThese: Diagnostic[];
  /** `tryThese[i]`'s finding. */
  theirFindings: TriedFinding[];
  skipped: Array<{ diagnostic: Diagnostic; finding: TriedFinding; rule: Avoid }>;
} {
  const out = {
    tryThese: [] as Diagnostic[],
    theirFindings: [] as TriedFinding[],
    skipped: [] as Array<{ diagnostic: Diagnostic; finding: TriedFinding; rule: Avoid }>,
  };
  ds.forEach((d, i) => {
    const f = findings[i]!;
    const rule = avoided(avoid, strategy, f);
    if (rule) out.skipped.push({ diagnostic: d, finding: f, rule });
    else {
      out.tryThese.push(d);
      out.theirFindings.push(f);
    }
  });
  return out;
}

/** A finding a strategy does not try, and the rule that says so. */
export interface Skip {
  diagnostic: Diagnostic;
  finding: TriedFinding;
  strategy: string;
  rule: Avoid;
}

/** The skips among groups of findings, each group tried by one strategy (`read`: a file before the try). */
export async function skipsIn(
  groups: ReadonlyArray<{ strategy: string; diagnostics: readonly Diagnostic[] }>,
  avoid: readonly Avoid[],
  read: (path: string) => Promise<string | undefined>,
): Promise<Skip[]> {
  if (!avoid.length) return [];
  const skips: Skip[] = [];
  for (const g of groups) {
    const findings = await findingsOf(g.diagnostics, read);
    const { skipped } = splitAvoided(g.diagnostics, findings, g.strategy, avoid);
    skips.push(...skipped.map((s) => ({ ...s, strategy: g.strategy })));
  }
  return skips;
}

/** The decision a skip is, as the outcome lists it and the progress event says it. */
export function skipDecision(s: Skip): MemoryDecision {
  return {
    decision: 'skip',
    strategy: s.strategy,
    signature: s.finding.signature.id,
    ...(s.finding.path ? { path: s.finding.path } : {}),
    reason: s.rule.reason,
  };
}

/** A decision of the memory, said as a progress event and listed in the stage's report. */
export function decide(ctx: Pick<JobContext, 'emit'>, report: StageReport, d: MemoryDecision): void {
  report.decisions.push(d);
  ctx.emit({ type: 'memory', ...d, files: d.path ? [d.path] : [] });
}

/** The skips, said as progress events and listed in the outcome. */
export function skipReport(ctx: JobContext, skips: readonly Skip[]): StageReport {
  const report = emptyReport();
  for (const s of skips) decide(ctx, report, skipDecision(s));
  return report;
}

export type { Avoid } from './memory-types.js';
