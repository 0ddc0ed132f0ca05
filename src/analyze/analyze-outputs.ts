import { AutofixError, type Analysis, type TriageConfig } from '../domain/index.js';
import { Baseline } from './baseline.js';
import { LogAnalyzer } from './log-analyzer.js';
import { readInput } from './read-inputs.js';

/** Commands' outputs as one analysis, each output a step; paths under `workspace` become repository paths. */
export function analyzeOutputs(
  outputs: Array<{ label: string; text: string }>,
  config: TriageConfig,
  workspace: string,
): Analysis {
  const analyzer = new LogAnalyzer({ triage: config, workspace });
  for (const o of outputs) {
    analyzer.begin(o.label, { step: o.label });
    analyzer.write(Buffer.from(o.text));
    analyzer.end();
  }
  return analyzer.finish();
}

/**
 * Log files (or run-logs zips) as one analysis; with `baselines` (passing runs' logs of the same jobs),
 * read against them: lines every passing run printed are context, not explanation.
 */
export async function analyzeLogs(
  paths: string[],
  config: TriageConfig,
  baselines: string[] = [],
): Promise<Analysis> {
  const baseline = baselines.length ? await readBaseline(baselines) : undefined;
  const analyzer = new LogAnalyzer({ triage: config, ...(baseline ? { baseline } : {}) });
  for (const p of paths) await readInput(p, analyzer);
  return analyzer.finish();
}

/** The passing runs' logs, read as the failing one is (any shape `analyze` reads, but not stdin). */
export async function readBaseline(files: string[]): Promise<Baseline> {
  if (files.includes('-'))
    throw new AutofixError('usage', "--baseline takes a file (a passing run's log or run zip), not stdin");
  const baseline = new Baseline();
  for (const f of files) await readInput(f, baseline);
  return baseline;
}
