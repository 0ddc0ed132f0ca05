import type { LogLine, ParsedDiagnostic, TestRun } from '../../domain/index.js';
import { logRef, makeDiagnostic } from './emit.js';
import { projectFrame } from './js-frames.js';

/**
 * A JavaScript test runner's failure block (jest, vitest, mocha): its first line, the error message (the
 * first non-blank line after the title), and the first stack frame in project code.
 */
export interface JsFailure {
  first: LogLine;
  last: number;
  message?: string;
  frame?: { path: string; line: number; column: number };
}

export function openFailure(first: LogLine): JsFailure {
  return { first, last: first.no };
}

/** Takes one more line of the block. */
export function extendFailure(f: JsFailure, l: LogLine): void {
  f.last = l.no;
  const trimmed = l.text.trim();
  if (!f.message) {
    if (trimmed) f.message = trimmed;
  } else if (!f.frame) f.frame = projectFrame(l.text);
}

export function failureDiagnostic(
  tool: string,
  f: JsFailure,
  test: { name: string; code: string; path?: string },
): ParsedDiagnostic {
  return makeDiagnostic(
    f.first,
    {
      tool,
      path: f.frame?.path ?? test.path,
      line: f.frame?.line,
      column: f.frame?.column,
      code: test.code,
      message: f.message ?? 'test failed',
      test: { name: test.name, framework: tool },
    },
    f.last,
  );
}

/** A jest / vitest summary line's counts (`3 passed`, `1 failed`, `1 skipped`, `2 todo`) as a TestRun. */
export function summaryRun(
  framework: string,
  l: LogLine,
  counts: Record<string, number>,
  run: number,
  names: string[],
  flaky: string[] = [],
): TestRun {
  return {
    framework,
    step: l.step,
    run,
    passed: counts.passed ?? 0,
    failed: counts.failed ?? 0,
    skipped: (counts.skipped ?? 0) + (counts.todo ?? 0),
    failed_names: names,
    ...(flaky.length ? { flaky_names: flaky } : {}),
    log: logRef(l),
  };
}
