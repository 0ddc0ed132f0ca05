import type { Analysis, Diagnostic, TriageConfig } from '../domain/index.js';
import { DEFAULT_TRIAGE } from '../domain/index.js';
import { repoRelativePath } from '../logs/workspace-path.js';
import { GITHUB_SOURCE } from '../parsers/github/index.js';
import { Triage } from '../triage/index.js';
import { MAX_CANDIDATES } from './excerpt-finder.js';
import { keepStrongest, rankExcerpts, type ExcerptCandidate } from './excerpt-ranking.js';
import { compareByInput, dedupe, diagnosticKey } from './postprocess.js';
import type { AnalyzerSnapshot } from './snapshot.js';

export interface FinalizeOptions {
  triage?: TriageConfig;
  maxDiagnostics: number;
  maxExcerpts: number;
  maxLine: number;
  workspace?: string;
}

function unique(lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

/**
 * The diagnostics' ranges one thread would have made excerpt candidates of: those of the first
 * `maxDiagnostics` distinct failures, each at its first place. A worker knows only its own part, so a
 * failure a part shares with an earlier part is dropped here. Before paths are made relative: the keys
 * are the analyzers'.
 */
function diagnosticRanges(parts: AnalyzerSnapshot[], maxDiagnostics: number): ExcerptCandidate[] {
  if (parts.length === 1) return parts[0]!.diagnosticRanges;
  const firstPart = new Map<string, number>();
  parts.forEach((p, i) => {
    for (const d of p.diagnostics) {
      if (firstPart.size >= maxDiagnostics) return;
      const key = diagnosticKey(d);
      if (!firstPart.has(key)) firstPart.set(key, i);
    }
  });
  return parts.flatMap((p, i) => p.diagnosticRanges.filter((c) => firstPart.get(c.key!) === i));
}

/**
 * The last pass, over everything found (in one analyzer or several workers): one diagnostic per failure,
 * `ignore_patterns` applied, repository-relative paths, the triage verdict, a deterministic order, the
 * ranked excerpts and the summary.
 */
export function finalizeAnalysis(parts: AnalyzerSnapshot[], options: FinalizeOptions): Analysis {
  const triage = new Triage(options.triage ?? DEFAULT_TRIAGE);
  const ranges = diagnosticRanges(parts, options.maxDiagnostics);
  const warnings = parts.flatMap((p) => p.warnings).slice(0, 50);
  let dropped = parts.reduce((n, p) => n + p.dropped, 0);
  let kept = dedupe(
    parts.flatMap((p) => p.diagnostics),
    GITHUB_SOURCE,
  );
  let ignored = 0;
  kept = kept.filter((d) => {
    if (!triage.ignores(d)) return true;
    ignored++;
    return false;
  });
  kept.sort(compareByInput);
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
  return {
    diagnostics,
    excerpts: rankExcerpts(
      keepStrongest([...parts.flatMap((p) => p.candidates), ...ranges], MAX_CANDIDATES),
      options.maxExcerpts,
    ),
    tests: parts.flatMap((p) => p.tests).slice(0, 1000),
    summary: {
      inputs: unique(parts.map((p) => p.inputs)),
      lines: parts.reduce((n, p) => n + p.lines, 0),
      bytes: parts.reduce((n, p) => n + p.bytes, 0),
      steps: unique(parts.map((p) => p.steps)),
      failed_steps: unique(parts.map((p) => p.failedSteps)),
      diagnostics: diagnostics.length,
      by_fixability: byFixability,
      by_tool: Object.fromEntries(Object.entries(byTool).sort(([a], [b]) => a.localeCompare(b))),
      ignored,
      dropped,
      truncated_lines: truncated,
      warnings,
    },
  };
}
