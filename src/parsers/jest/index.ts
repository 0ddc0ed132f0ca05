import type { LogParser } from '../parser.js';
import {
  extendFailure,
  failureDiagnostic,
  openFailure,
  summaryRun,
  type JsFailure,
} from '../shared/js-failure.js';

/**
 * jest: `FAIL path` per failing file, a `● Suite › test` block per failure (message, then the stack with
 * the test's place), `● Test suite failed to run` for a file that did not load, and the closing
 * `Tests: 1 failed, 1 skipped, 1 passed, 3 total`.
 */
const TESTS = /^Tests:\s+(.*\d+ total)$/;

export const jestParser: LogParser = {
  name: 'jest',
  description: 'jest failures and summary',
  interest: { firstChars: 'FPT ' },
  create(sink) {
    let file: string | undefined;
    let block: (JsFailure & { name: string }) | undefined;
    const names: string[] = [];
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
        return block !== undefined;
      },
      line(l) {
        const t = l.text;
        if (t.startsWith('FAIL ') || t.startsWith('PASS ')) {
          flush();
          file = t.slice(5).trim().split(' ')[0];
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
          sink.testRun(summaryRun('jest', l, counts, counts.total ?? 0, names.splice(0)));
          return;
        }
        if (!block) return;
        if (t.startsWith('Test Suites:')) return flush();
        extendFailure(block, l);
      },
      end: flush,
    };
  },
};
