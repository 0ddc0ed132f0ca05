import type { LogLine } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';
import { projectFrame } from '../shared/js-frames.js';

/**
 * vitest: in the "Failed Tests" section, ` FAIL  file > suite > test` then the error and ` ❯ file:l:c`;
 * the closing ` Tests  1 failed | 1 passed | 1 skipped (3)`.
 */
const FAIL = /^\s*FAIL\s{1,2}(\S+)(?: > (.+?))?(?: \[ [^\]]+ \])?\s*$/;
const TESTS = /^\s*Tests\s{2,}(.*)\((\d+)\)\s*$/;

export const vitestParser: LogParser = {
  name: 'vitest',
  description: 'vitest failures and summary',
  create(sink) {
    let block:
      | {
          file: string;
          name?: string;
          first: LogLine;
          last: number;
          message?: string;
          frame?: ReturnType<typeof projectFrame>;
        }
      | undefined;
    const names: string[] = [];
    const flush = () => {
      if (!block) return;
      const name = block.name ? `${block.file} > ${block.name}` : block.file;
      sink.diagnostic(
        makeDiagnostic(
          block.first,
          {
            tool: 'vitest',
            path: block.frame?.path ?? block.file,
            line: block.frame?.line,
            column: block.frame?.column,
            code: block.name ? 'failed' : 'suite-failed',
            message: block.message ?? 'test failed',
            test: { name, framework: 'vitest' },
          },
          block.last,
        ),
      );
      block = undefined;
    };
    return {
      line(l) {
        const t = l.text;
        // vitest indents both the ` FAIL  file > test` lines and the ` Tests  …` summary.
        const indented = t.charCodeAt(0) === 32;
        const f = indented && t.includes('FAIL ') ? FAIL.exec(t) : null;
        if (f) {
          flush();
          block = { file: f[1]!, name: f[2], first: l, last: l.no };
          if (f[2] && names.length < 5000) names.push(`${f[1]} > ${f[2]}`);
          return;
        }
        const m = indented && t.includes('Tests ') ? TESTS.exec(t) : null;
        if (m && !t.includes('Test Files')) {
          flush();
          const counts: Record<string, number> = {};
          for (const c of m[1]!.matchAll(/(\d+) (failed|passed|skipped|todo)/g)) counts[c[2]!] = Number(c[1]);
          sink.testRun({
            framework: 'vitest',
            step: l.step,
            run: Number(m[2]),
            passed: counts.passed ?? 0,
            failed: counts.failed ?? 0,
            skipped: (counts.skipped ?? 0) + (counts.todo ?? 0),
            failed_names: names.splice(0),
            log: logRef(l),
          });
          return;
        }
        if (!block) return;
        if (/^⎯{3,}/.test(t)) return flush();
        const trimmed = t.trim();
        block.last = l.no;
        if (!block.message && trimmed) block.message = trimmed;
        else if (!block.frame) block.frame = projectFrame(t);
      },
      end: flush,
    };
  },
};
