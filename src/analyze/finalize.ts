import type { Analysis, Diagnostic, ParsedDiagnostic, TriageConfig } from '../domain/index.js';
import { DEFAULT_TRIAGE } from '../domain/index.js';
import { repoRelativePath } from '../logs/workspace-path.js';
import { GITHUB_SOURCE } from '../tools/github/parser.js';
import { Triage } from '../triage/index.js';
import { MAX_CANDIDATES } from './excerpt-finder.js';
import type { Baseline } from './baseline.js';
import { markNewLines, newAgainstBaseline } from './baseline-excerpts.js';
import { keepStrongest, rankExcerpts, type ExcerptCandidate } from './excerpt-ranking.js';
import { compareByInput, dedupe, diagnosticKey } from './postprocess.js';
import { judgeJobs } from './judge-jobs.js';
import { MAX_DROPPED_KEYS, MAX_INFRASTRUCTURE_LINES, type AnalyzerSnapshot } from './snapshot.js';

export interface FinalizeOptions {
  triage?: TriageConfig;
  maxDiagnostics: number;
  maxExcerpts: number;
  maxLine: number;
  workspace?: string;
  /** Passing runs of the job (`analyze --baseline`): what they printed too explains nothing. */
  baseline?: Baseline;
}

function unique(lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

/**
 * The failures one thread would have kept, each to the part that holds its first place: the first
 * `maxDiagnostics` distinct keys in the order they were found, parts in file order. Each part kept the
 * first `maxDiagnostics` distinct failures of its own, so among them are all the new ones it adds here.
 */
function keptFailures(parts: AnalyzerSnapshot[], maxDiagnostics: number): Map<string, number> {
  const first = new Map<string, number>();
  parts.forEach((p, i) => {
    for (const d of p.diagnostics) {
      if (first.size >= maxDiagnostics) return;
      const key = diagnosticKey(d);
      if (!first.has(key)) first.set(key, i);
    }
  });
  return first;
}

/**
 * What one thread would have found, from parts of a file analysed on their own: the kept diagnostics,
 * each at its first place, and the count of the others. One thread counts every diagnostic whose failure
 * it did not keep (a failure found before the cap is kept), so a part's count is corrected: its dropped
 * failures that an earlier part kept are not counted (by key, `droppedByKey`), and its own kept failures
 * that the whole file does not keep are counted, with their repeats.
 */
function reconcile(
  parts: AnalyzerSnapshot[],
  first: Map<string, number>,
): { found: ParsedDiagnostic[]; dropped: number; approximate: number } {
  if (parts.length === 1) return { found: parts[0]!.diagnostics, dropped: parts[0]!.dropped, approximate: 0 };
  const found: ParsedDiagnostic[] = [];
  let dropped = 0;
  let approximate = 0;
  parts.forEach((p, i) => {
    dropped += p.droppedUnkeyed;
    if (p.droppedByKey) {
      for (const [key, n] of p.droppedByKey) if (!first.has(key)) dropped += n;
      approximate += p.droppedUnkeyed;
    }
    p.diagnostics.forEach((d, j) => {
      const at = first.get(diagnosticKey(d));
      if (at === i) found.push(d);
      else if (at === undefined) dropped += 1 + p.repeats[j]!;
    });
  });
  return { found, dropped, approximate };
}

/**
 * The diagnostics' ranges one thread would have made excerpt candidates of: those of the kept failures,
 * each at its first place. A worker knows only its own part, so a failure a part shares with an earlier
 * part is dropped here. Before paths are made relative: the keys are the analyzers'.
 */
function diagnosticRanges(parts: AnalyzerSnapshot[], first: Map<string, number>): ExcerptCandidate[] {
  if (parts.length === 1) return parts[0]!.diagnosticRanges;
  return parts.flatMap((p, i) => p.diagnosticRanges.filter((c) => first.get(c.key!) === i));
}

/**
 * The last pass, over everything found (in one analyzer or several workers): one diagnostic per failure,
 * `ignore_patterns` applied, repository-relative paths, the triage verdict, a deterministic order, the
 * ranked excerpts and the summary.
 */
export function finalizeAnalysis(parts: AnalyzerSnapshot[], options: FinalizeOptions): Analysis {
  const triage = new Triage(options.triage ?? DEFAULT_TRIAGE);
  const first = keptFailures(parts, options.maxDiagnostics);
  const ranges = diagnosticRanges(parts, first);
  const warnings = parts.flatMap((p) => p.warnings).slice(0, 50);
  const found = reconcile(parts, first);
  let dropped = found.dropped;
  let kept = dedupe(found.found, GITHUB_SOURCE);
  let ignored = 0;
  kept = kept.filter((d) => {
    if (!triage.ignores(d)) return true;
    ignored++;
    return false;
  });
  kept.sort(compareByInput);
  // Never with the analyzers' own cap (dedupe only removes), unless a caller gives a smaller one here.
  if (kept.length > options.maxDiagnostics) {
    dropped += kept.length - options.maxDiagnostics;
    kept = kept.slice(0, options.maxDiagnostics);
  }
  const diagnostics: Diagnostic[] = kept.map((d) => {
    if (d.location) d.location.path = repoRelativePath(d.location.path, options.workspace);
    return triage.apply(d);
  });
  const byFixability = { deterministic: 0, llm: 0, none: 0 };
  const byTool: Record<string, number> = {};
  for (const d of diagnostics) {
    byFixability[d.fixability]++;
    byTool[d.source.name] = (byTool[d.source.name] ?? 0) + 1;
  }
  const truncated = parts.reduce((n, p) => n + p.truncated, 0);
  if (truncated)
    warnings.push(`${truncated} line(s) longer than ${options.maxLine} bytes were cut for parsing`);
  if (dropped)
    warnings.push(
      `${dropped} diagnostic(s) past the first ${options.maxDiagnostics} were counted but not kept`,
    );
  if (found.approximate)
    warnings.push(
      `${found.approximate} of them are counted without knowing whether the failure was kept (over ${MAX_DROPPED_KEYS} distinct dropped failures in a part of the file): the count may be too high`,
    );
  const tests = parts.flatMap((p) => p.tests).slice(0, 1000);
  const infrastructure = parts.flatMap((p) => p.infrastructure).slice(0, MAX_INFRASTRUCTURE_LINES);
  const failedAt = parts.flatMap((p) => p.failedAt);
  const failedSteps = [...new Set(failedAt.map((f) => f.step))];
  const jobs = judgeJobs({ diagnostics, tests, infrastructure, failedAt });
  const { excerpts, baseline } = excerptsOf([...parts.flatMap((p) => p.candidates), ...ranges], options);
  return {
    diagnostics,
    excerpts,
    tests,
    jobs,
    summary: {
      inputs: unique(parts.map((p) => p.inputs)),
      lines: parts.reduce((n, p) => n + p.lines, 0),
      bytes: parts.reduce((n, p) => n + p.bytes, 0),
      steps: unique(parts.map((p) => p.steps)),
      failed_steps: failedSteps,
      diagnostics: diagnostics.length,
      by_fixability: byFixability,
      by_tool: Object.fromEntries(Object.entries(byTool).sort(([a], [b]) => a.localeCompare(b))),
      ignored,
      dropped,
      truncated_lines: truncated,
      warnings,
      ...(baseline ? { baseline } : {}),
    },
  };
}

/** The ranked excerpts; with a baseline, only what is new in them, and what that left out. */
function excerptsOf(candidates: ExcerptCandidate[], options: FinalizeOptions) {
  const base = options.baseline;
  if (!base)
    return { excerpts: rankExcerpts(keepStrongest(candidates, MAX_CANDIDATES), options.maxExcerpts) };
  const against = newAgainstBaseline(candidates, base);
  // Nothing new in any excerpt: the lines that explain the failure were not recognised, and showing
  // nothing would hide that the job failed, so the excerpts stand as they would without a baseline.
  const [kept, leftOut] = against.kept.length ? [against.kept, against.leftOut] : [candidates, 0];
  const ranked = rankExcerpts(keepStrongest(kept, MAX_CANDIDATES), options.maxExcerpts);
  return {
    excerpts: markNewLines(ranked, base),
    baseline: { ...base.summary(), excerpts_left_out: leftOut },
  };
}
