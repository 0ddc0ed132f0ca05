import type { LogLine } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { logRef } from '../shared/emit.js';
import { extendFailure, failureDiagnostic, openFailure, type JsFailure } from '../shared/js-failure.js';

/**
 * mocha's spec reporter: `N passing (4ms)`, `N pending`, `N failing`, then numbered failures:
 * `  1) suite` / `       test:` (the title ends with a colon), the error, and its stack. A failing hook
 * is titled `"after each" hook for "test"`. The duration is mocha's `ms` format: `4ms`, `3s`, `3m`, `1h`.
 */
const COUNT = /^\s+(\d+) (passing|pending|failing)(?: \(\d+(?:ms|s|m|h|d)\))?$/;
/**
 * Lines of other output (another process's stderr, a runner's own lines) that may come between
 * `passing` and `failing` before the summary is taken as complete.
 */
const MAX_STRAY_LINES = 5;
const NUMBERED = /^\s+(\d+)\) (.+)$/;

const isDigit = (c: number) => c >= 48 && c <= 57;

function firstNonSpace(t: string): number {
  let i = 0;
  while (i < t.length && t.charCodeAt(i) === 32) i++;
  return i;
}

export const mochaParser: LogParser = {
  name: 'mocha',
  description: 'mocha spec reporter failures and summary',
  // Idle, only a count line (`  3 passing (12ms)`) starts something.
  interest: { afterIndent: '0123456789' },
  create(sink) {
    const counts: Record<string, number> = {};
    let countLine: LogLine | undefined;
    let stray = 0;
    let inFailures = false;
    let block: (JsFailure & { title: string[]; titleDone: boolean }) | undefined;
    const names: string[] = [];
    const flush = () => {
      if (!block) return;
      const name = block.title.join(' ');
      if (names.length < 5000) names.push(name);
      sink.diagnostic(failureDiagnostic('mocha', block, { name, code: 'failed' }));
      block = undefined;
    };
    const emitRun = () => {
      if (!countLine) return;
      flush();
      const failed = counts.failing ?? 0;
      sink.testRun({
        framework: 'mocha',
        step: countLine.step,
        run: (counts.passing ?? 0) + failed + (counts.pending ?? 0),
        passed: counts.passing ?? 0,
        failed,
        skipped: counts.pending ?? 0,
        failed_names: names.splice(0),
        log: logRef(countLine),
      });
      countLine = undefined;
      inFailures = false;
    };
    return {
      get busy() {
        return inFailures || countLine !== undefined;
      },
      line(l) {
        const t = l.text;
        // Count lines are indented digits: `  3 passing (12ms)`.
        const c = t.charCodeAt(0) === 32 && isDigit(t.charCodeAt(firstNonSpace(t))) ? COUNT.exec(t) : null;
        if (c) {
          if (c[2] === 'passing') {
            if (countLine) emitRun();
            for (const k of Object.keys(counts)) delete counts[k];
            countLine = l;
          }
          stray = 0;
          counts[c[2]!] = Number(c[1]);
          if (c[2] === 'failing') inFailures = true;
          return;
        }
        if (!inFailures) {
          if (countLine && t.trim() && !t.startsWith(' ') && ++stray > MAX_STRAY_LINES) emitRun();
          return;
        }
        const n = NUMBERED.exec(t);
        if (n && (!block || block.titleDone)) {
          flush();
          block = { ...openFailure(l), title: [n[2]!.replace(/:$/, '')], titleDone: n[2]!.endsWith(':') };
          return;
        }
        if (!block) return;
        if (!block.titleDone) {
          block.last = l.no;
          const trimmed = t.trim();
          if (trimmed) block.title.push(trimmed.replace(/:$/, ''));
          if (trimmed.endsWith(':')) block.titleDone = true;
          return;
        }
        extendFailure(block, l);
      },
      end() {
        if (countLine) emitRun();
        flush();
      },
    };
  },
};
