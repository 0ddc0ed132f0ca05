import type { LogLine } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';
import { EXCEPTION_LINE, FRAME, pickFrame, type Frame } from '../shared/python-frames.js';

/**
 * unittest (and nose / Django's runner, which print the same): `FAIL: test_x (pkg.mod.Class.test_x)`
 * blocks with a traceback, then `Ran N tests in …` and `FAILED (failures=1, errors=1, skipped=1)` or `OK`.
 * Function tests have other headers: unittest's `FAIL: unittest.case.FunctionTestCase (test_fn)` and
 * nose's `FAIL: pkg.mod.test_fn` (no parentheses, taken only when the `-----` rule follows, as it does
 * under every unittest header: `ERROR: ` alone starts many lines of other tools).
 */
const HEADER = /^(FAIL|ERROR|UNEXPECTED SUCCESS): (\S+) \(([^)]+)\)/;
const BARE_HEADER = /^(FAIL|ERROR): ([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+)$/;
const RULE = /^(={20,}|-{20,})$/;
/** A module that did not import: `ERROR: test_mod (unittest.loader._FailedTest.test_mod)`. */
const FAILED_IMPORT = 'unittest.loader._FailedTest';

/** The test's name from a header's two parts: `test_x (pkg.mod.Class[.test_x])`. */
function testName(first: string, inParens: string): string {
  // Python 3.11+ prints the full dotted name in the parentheses; older ones print the class only.
  if (first === 'unittest.case.FunctionTestCase') return inParens;
  if (inParens === `${FAILED_IMPORT}.${first}` || inParens === FAILED_IMPORT) return first;
  return inParens.endsWith(`.${first}`) ? inParens : `${inParens}.${first}`;
}
const RAN = /^Ran (\d+) tests? in /;
const RESULT = /^(OK|FAILED)(?: \(([^)]*)\))?$/;

export const unittestParser: LogParser = {
  name: 'unittest',
  description: 'unittest / nose failures and summary',
  interest: { firstChars: 'FEUR' },
  create(sink) {
    let block:
      | {
          kind: string;
          name: string;
          first: LogLine;
          frames: Frame[];
          message?: string;
          last: number;
          /** A bare header waiting for its `-----` rule. */
          tentative?: boolean;
          /** The loader's `ImportError: Failed to import test module` wraps the error that explains it. */
          importFailure?: boolean;
        }
      | undefined;
    let ran: { n: number; line: LogLine } | undefined;
    const names: string[] = [];
    const addName = (name: string) => {
      // A test with failing subtests has one header per subtest.
      if (names.length < 5000 && !names.includes(name)) names.push(name);
    };
    const flush = () => {
      if (!block || block.tentative) {
        block = undefined;
        return;
      }
      const frame = pickFrame(block.frames);
      const message = block.message ?? (block.kind === 'FAIL' ? 'AssertionError' : 'test error');
      sink.diagnostic(
        makeDiagnostic(
          block.first,
          {
            tool: 'unittest',
            path: frame?.path,
            line: frame?.line,
            code: message.split(':')[0],
            message,
            test: { name: block.name, framework: 'unittest' },
          },
          block.last,
        ),
      );
      block = undefined;
    };
    return {
      get busy() {
        return block !== undefined || ran !== undefined;
      },
      line(l) {
        const t = l.text;
        const header = t.length > 5 && (t[0] === 'F' || t[0] === 'E' || t[0] === 'U');
        const h = header ? HEADER.exec(t) : null;
        if (h) {
          flush();
          const name = testName(h[2]!, h[3]!);
          block = { kind: h[1]!, name, first: l, frames: [], last: l.no };
          if (h[3]!.startsWith(FAILED_IMPORT)) block.importFailure = true;
          addName(name);
          return;
        }
        if (block?.tentative) {
          if (t.charCodeAt(0) === 45 /* - */ && RULE.test(t)) {
            block.tentative = false;
            block.last = l.no;
            addName(block.name);
            return;
          }
          block = undefined;
        }
        const bare = header && !block ? BARE_HEADER.exec(t) : null;
        if (bare) {
          block = { kind: bare[1]!, name: bare[2]!, first: l, frames: [], last: l.no, tentative: true };
          return;
        }
        if (block) {
          if (RULE.test(t) && block.last > block.first.no + 1) {
            flush();
          } else {
            block.last = l.no;
            const f = t.indexOf('File "') === -1 ? null : FRAME.exec(t);
            if (f) block.frames.push({ path: f[1]!, line: Number(f[2]) });
            else if (!t.startsWith(' ') && t && (!block.message || block.importFailure)) {
              const e = EXCEPTION_LINE.exec(t);
              if (e) {
                if (block.message) block.importFailure = false;
                block.message = t;
              }
            }
            return;
          }
        }
        const r = t.charCodeAt(0) === 82 /* R */ ? RAN.exec(t) : null;
        if (r) {
          ran = { n: Number(r[1]), line: l };
          return;
        }
        if (ran) {
          const res = RESULT.exec(t);
          if (res) {
            const counts: Record<string, number> = {};
            for (const part of (res[2] ?? '').split(',')) {
              const [k, v] = part.split('=');
              if (k && v) counts[k.trim()] = Number(v);
            }
            const failed =
              (counts.failures ?? 0) + (counts.errors ?? 0) + (counts['unexpected successes'] ?? 0);
            const skipped = (counts.skipped ?? 0) + (counts['expected failures'] ?? 0);
            sink.testRun({
              framework: 'unittest',
              step: l.step,
              run: ran.n,
              passed: Math.max(0, ran.n - failed - skipped),
              failed,
              skipped,
              failed_names: names.splice(0),
              log: logRef(ran.line, l.no),
            });
            ran = undefined;
          } else if (t.trim() !== '') ran = undefined;
        }
      },
      end: flush,
    };
  },
};
