import type { Analysis, TriageConfig } from '../domain/index.js';
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

/** Log files (or run-logs zips) as one analysis. */
export async function analyzeLogs(paths: string[], config: TriageConfig): Promise<Analysis> {
  const analyzer = new LogAnalyzer({ triage: config });
  for (const p of paths) await readInput(p, analyzer);
  return analyzer.finish();
}
