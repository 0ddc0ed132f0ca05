/**
 * What `analyze` makes of each real job log on its own, as a sanity check that the bench measures logs
 * the analyzer understands: diagnostics per tool, test runs, failed steps, excerpts.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LogAnalyzer } from '../../src/analyze/log-analyzer.js';
import type { Analysis } from '../../src/domain/index.js';

export function analyzeJob(file: string): Analysis {
  const analyzer = new LogAnalyzer({ maxDiagnostics: 100_000 });
  analyzer.begin(basename(file));
  analyzer.write(readFileSync(file));
  return analyzer.finish();
}

export function jobReport(file: string): string {
  const a = analyzeJob(file);
  const tools = Object.entries(a.summary.by_tool)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const tests = a.tests
    .map((t) => `${t.framework} ${t.passed}/${t.run} passed, ${t.failed} failed, ${t.skipped} skipped`)
    .join('; ');
  return [
    `${basename(file, '.log')}: ${(a.summary.bytes / 1024).toFixed(0)} KiB, ${a.summary.lines} lines`,
    `  diagnostics: ${a.summary.diagnostics}${tools ? ` (${tools})` : ''}`,
    `  tests: ${tests || 'none'}`,
    `  failed steps: ${a.summary.failed_steps.join(' | ') || 'none'}; excerpts: ${a.excerpts.length}`,
  ].join('\n');
}
