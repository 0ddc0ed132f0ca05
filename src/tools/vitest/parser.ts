import type { LogParser } from '../parser.js';
import {
  extendFailure,
  failureDiagnostic,
  openFailure,
  summaryRun,
  type JsFailure,
} from '../shared/js-failure.js';

/**
 * vitest: in the "Failed Tests" section, ` FAIL  file > suite > test` then the error and ` ❯ file:l:c`;
 * the closing ` Tests  1 failed | 1 passed | 1 skipped (3)`.
 */
const FAIL = /^\s*FAIL\s{1,2}(\S+)(?: > (.+?))?(?: \[ [^\]]+ \])?\s*$/;
const TESTS = /^\s*Tests\s{2,}(.*)\((\d+)\)\s*$/;

export const vitestParser: LogParser = {
  name: 'vitest',
  description: 'vitest failures and summary',
  // Idle, only ` FAIL  file > test` and the ` Tests  …` summary start something.
  interest: { afterIndent: 'FT' },
  create(sink) {
    let block: (JsFailure & { file: string; name?: string }) | undefined;
    const names: string[] = [];
    const flush = () => {
      if (!block) return;
      const name = block.name ? `${block.file} > ${block.name}` : block.file;
      sink.diagnostic(
        failureDiagnostic('vitest', block, {
          name,
          code: block.name ? 'failed' : 'suite-failed',
          path: block.file,
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
        // vitest indents both the ` FAIL  file > test` lines and the ` Tests  …` summary.
        const indented = t.charCodeAt(0) === 32;
        const f = indented && t.includes('FAIL ') ? FAIL.exec(t) : null;
        if (f) {
          flush();
          block = { ...openFailure(l), file: f[1]!, name: f[2] };
          if (f[2] && names.length < 5000) names.push(`${f[1]} > ${f[2]}`);
          return;
        }
        const m = indented && t.includes('Tests ') ? TESTS.exec(t) : null;
        if (m && !t.includes('Test Files')) {
          flush();
          const counts: Record<string, number> = {};
          for (const c of m[1]!.matchAll(/(\d+) (failed|passed|skipped|todo)/g)) counts[c[2]!] = Number(c[1]);
          sink.testRun(summaryRun('vitest', l, counts, Number(m[2]), names.splice(0)));
          return;
        }
        if (!block) return;
        if (/^⎯{3,}/.test(t)) return flush();
        extendFailure(block, l);
      },
      end: flush,
    };
  },
};
