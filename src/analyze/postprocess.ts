import type { ParsedDiagnostic } from '../domain/index.js';
import { toolList } from '../tools/index.js';

/** Parsers whose diagnostics are failing tests (their blocks may contain a traceback of their own). */
export const TEST_SOURCES: ReadonlySet<string> = new Set(
  toolList.filter((t) => t.runsTests).map((t) => t.name),
);

/**
 * Two diagnostics with the same key are the same failure reported twice. Built by one template rather
 * than an array join: it runs for every diagnostic a parser emits, repeats included.
 */
export function diagnosticKey(d: ParsedDiagnostic): string {
  const loc = d.location;
  const r = loc?.range?.start;
  return `${d.log.file ?? ''}\0${d.log.step}\0${d.source.name}\0${loc?.path ?? ''}\0${r?.line ?? ''}\0${r?.column ?? ''}\0${d.code?.value ?? ''}\0${d.message}`;
}

/**
 * One failure, one diagnostic:
 * - the same tool line printed twice (the tool's output, then the runner's `##[error]` re-emission of it by
 *   a problem matcher) is kept once, at its first place;
 * - an annotation on a line a tool parser understood is that tool's diagnostic, not a second one;
 * - a Python traceback inside a test failure's block belongs to that test.
 */
export function dedupe(diagnostics: ParsedDiagnostic[], annotationSource: string): ParsedDiagnostic[] {
  const seen = new Set<string>();
  const claimed = new Set<string>();
  const testBlocks: ParsedDiagnostic[] = [];
  // Tool diagnostics by step, for the annotation check (kept per step so it is not quadratic in the log).
  const byStep = new Map<string, ParsedDiagnostic[]>();
  for (const d of diagnostics) {
    if (d.source.name === annotationSource) continue;
    claimed.add(`${d.log.file ?? ''}\u0000${d.log.lines[0]}`);
    if (TEST_SOURCES.has(d.source.name)) testBlocks.push(d);
    const key = `${d.log.file ?? ''}\u0000${d.log.step}`;
    const list = byStep.get(key);
    if (list) list.push(d);
    else byStep.set(key, [d]);
  }
  const out: ParsedDiagnostic[] = [];
  for (const d of diagnostics) {
    if (
      d.source.name === annotationSource &&
      (claimed.has(`${d.log.file ?? ''}\u0000${d.log.lines[0]}`) ||
        restates(d, byStep.get(`${d.log.file ?? ''}\u0000${d.log.step}`) ?? []))
    )
      continue;
    if (
      d.source.name === 'python' &&
      testBlocks.some(
        (t) =>
          t.log.file === d.log.file &&
          t.log.step === d.log.step &&
          t.log.lines[0] <= d.log.lines[0] &&
          d.log.lines[1] <= t.log.lines[1],
      )
    )
      continue;
    const k = diagnosticKey(d);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}

/**
 * A problem matcher's annotation carries only the message it captured (`##[error]Cannot find name 'x'.`),
 * on a line after the tool's own; it restates a tool diagnostic of the same step printed shortly before.
 */
function restates(a: ParsedDiagnostic, sameStep: ParsedDiagnostic[]): boolean {
  const text = a.message.trim();
  if (text.length < 8) return false;
  return sameStep.some(
    (d) =>
      d.log.lines[0] <= a.log.lines[0] &&
      a.log.lines[0] - d.log.lines[1] <= 500 &&
      (d.message === text || text.includes(d.message) || (d.message.includes(text) && text.length >= 20)),
  );
}

/** Deterministic order: by input file, then input line, then tool. */
export function compareByInput(a: ParsedDiagnostic, b: ParsedDiagnostic): number {
  return (
    (a.log.file ?? '').localeCompare(b.log.file ?? '') ||
    a.log.lines[0] - b.log.lines[0] ||
    a.source.name.localeCompare(b.source.name) ||
    (a.location?.path ?? '').localeCompare(b.location?.path ?? '') ||
    (a.location?.range?.start.line ?? 0) - (b.location?.range?.start.line ?? 0) ||
    (a.location?.range?.start.column ?? 0) - (b.location?.range?.start.column ?? 0) ||
    a.message.localeCompare(b.message)
  );
}
