import { LogAnalyzer, type AnalyzerOptions } from '../../src/analyze/log-analyzer.js';
import { readInput } from '../../src/analyze/read-inputs.js';
import type { Analysis, Diagnostic, TestRun } from '../../src/domain/index.js';

/** Analyses files the way the CLI does. */
export async function analyzeFiles(files: string[], options: AnalyzerOptions = {}): Promise<Analysis> {
  const analyzer = new LogAnalyzer(options);
  for (const f of files) await readInput(f, analyzer);
  return analyzer.finish();
}

/** Analyses text (or bytes) given in memory, in chunks of `chunk` bytes to exercise line splitting. */
export function analyzeText(
  text: string | Uint8Array,
  options: AnalyzerOptions = {},
  chunk = 65536,
): Analysis {
  const analyzer = new LogAnalyzer(options);
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  analyzer.begin('(test)');
  for (let i = 0; i < bytes.length; i += chunk) analyzer.write(bytes.subarray(i, i + chunk));
  return analyzer.finish();
}

/** One line per diagnostic: what a reviewer checks against the tool output. */
export function describeDiagnostic(d: Diagnostic): string {
  const s = d.location?.range?.start;
  const where = d.location
    ? `${d.location.path}${s ? `:${s.line}${s.column ? `:${s.column}` : ''}` : ''}`
    : '-';
  const test = d.test ? ` test=${d.test.name}` : '';
  return `${d.source.name} | ${where} | ${d.severity} | ${d.code?.value ?? ''} | ${d.category}/${d.fixability} | ${d.message.split('\n').join(' ⏎ ')} | log ${d.log.file ? `${d.log.file}:` : ''}${d.log.lines.join('-')}${test}`;
}

export function describeTestRun(t: TestRun): string {
  const flaky = t.flaky_names ? ` | flaky: ${t.flaky_names.join(', ')}` : '';
  return `TESTS ${t.framework} | run ${t.run} passed ${t.passed} failed ${t.failed} skipped ${t.skipped} | ${t.failed_names.join(', ')}${flaky} | log ${t.log.file ? `${t.log.file}:` : ''}${t.log.lines.join('-')}`;
}
