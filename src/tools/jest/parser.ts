import type { LogParser } from '../parser.js';
import {
  extendFailure,
  failureDiagnostic,
  openFailure,
  summaryRun,
  type JsFailure,
} from '../shared/js-failure.js';
import { JsonReportReader } from '../shared/js-json-report.js';

/**
 * jest: `FAIL path` per failing file, a `● Suite › test` block per failure (message, then the stack with
 * the test's place), `● Test suite failed to run` for a file that did not load, and the closing
 * `Tests: 1 failed, 1 skipped, 1 passed, 3 total`; and `jest --json`'s report (`{"numFailedTestSuites":…`,
 * one line, or pretty-printed), its tests named as the `●` blocks name them.
 */
const TESTS = /^Tests:\s+(.*\d+ total)$/;

/**
 * The test file of a `FAIL`/`PASS` line's rest: `[project] path [(1.2 s)]`. With several projects each
 * line names its project first (`FAIL unit src/a.test.js`; coloured, `unit` is a badge ` unit `), and
 * a slow file ends with its time and memory (`(5.2 s, 40 MB heap size)`).
 */
function resultPath(rest: string): string | undefined {
  let s = rest.trim();
  while (s.endsWith(')')) {
    const open = s.lastIndexOf(' (');
    if (open === -1) break;
    s = s.slice(0, open).trimEnd();
  }
  return s.slice(s.lastIndexOf(' ') + 1) || undefined;
}

/** jest.retryTimes(n, { logErrorsBeforeRetry: true }) logs each failed attempt before the file's result. */
const RETRY_HEADER = ' LOGGING RETRY ERRORS ';
function isRetryLog(t: string): boolean {
  return t.startsWith(RETRY_HEADER) || (t.startsWith(' RETRY ') && /^ RETRY \d+ $/.test(t));
}

/**
 * The retried tests that did not fail in the end: flaky. A retry header names the test by its describe
 * blocks and title joined with spaces, a `●` block with ` › `.
 */
function flakyOf(retried: Set<string>, failed: string[]): string[] {
  const spaced = new Set(failed.map((n) => n.split(' › ').join(' ')));
  return [...retried].filter((n) => !spaced.has(n));
}

export const jestParser: LogParser = {
  name: 'jest',
  description: 'jest failures and summary',
  // Idle: `FAIL`/`PASS` lines (indented when coloured), `Tests:`, a retry's ` LOGGING RETRY ERRORS` or
  // ` RETRY n`, `  ● test`, and a JSON report's `{`.
  interest: { firstChars: 'FPT{', afterIndent: 'FPLR●' },
  create(sink) {
    const json = new JsonReportReader(sink, 'jest', 'numFailedTestSuites', {
      separator: ' › ',
      withFile: false,
    });
    let file: string | undefined;
    let block: (JsFailure & { name: string }) | undefined;
    const names: string[] = [];
    const retried = new Set<string>();
    const flush = () => {
      if (!block) return;
      const suiteError = block.name === 'Test suite failed to run';
      const testName = suiteError ? (file ?? block.name) : block.name;
      sink.diagnostic(
        failureDiagnostic('jest', block, {
          name: testName,
          code: suiteError ? 'suite-failed' : 'failed',
          path: file,
        }),
      );
      block = undefined;
    };
    return {
      get busy() {
        return block !== undefined || json.open;
      },
      line(l) {
        const t = l.text;
        if (json.line(l)) return flush();
        // Coloured, the labels are ` FAIL ` and ` PASS ` (inverse video).
        const label = t.charCodeAt(0) === 32 ? 1 : 0;
        if (t.startsWith('FAIL ', label) || t.startsWith('PASS ', label)) {
          flush();
          file = resultPath(t.slice(label + 5));
          return;
        }
        // The attempts of a retried test belong to the next file's result, not to the open failure; the
        // test is counted once, from its `●` block (or not at all when a retry passed).
        if (label && isRetryLog(t)) {
          flush();
          if (t.startsWith(RETRY_HEADER) && retried.size < 5000)
            retried.add(t.slice(RETRY_HEADER.length).trim());
          return;
        }
        let bullet = 0;
        while (t.charCodeAt(bullet) === 32) bullet++;
        if (t.charCodeAt(bullet) === 0x25cf /* ● */ && t.charCodeAt(bullet + 1) === 32) {
          const trimmed = t.slice(bullet);
          flush();
          const name = trimmed.slice(2).trim();
          block = { ...openFailure(l), name };
          if (name !== 'Test suite failed to run' && names.length < 5000) names.push(name);
          return;
        }
        const m = t.startsWith('Tests:') ? TESTS.exec(t) : null;
        if (m) {
          flush();
          const counts: Record<string, number> = {};
          for (const c of m[1]!.matchAll(/(\d+) (failed|passed|skipped|todo|total)/g))
            counts[c[2]!] = Number(c[1]);
          const failed = names.splice(0);
          const flaky = flakyOf(retried, failed);
          retried.clear();
          json.summarised(summaryRun('jest', l, counts, counts.total ?? 0, failed, flaky));
          return;
        }
        if (!block) return;
        if (t.startsWith('Test Suites:')) return flush();
        extendFailure(block, l);
      },
      end() {
        flush();
        json.end();
      },
    };
  },
};
