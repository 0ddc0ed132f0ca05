import type { LogLine } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';

/**
 * go build / vet / test and Go linters (golangci-lint, staticcheck print the same `file.go:l:c: msg`):
 * compiler and vet errors, `--- FAIL: TestX` blocks with their `file_test.go:13: message` lines, and the
 * `ok` / `FAIL` package lines. go test prints no totals, so a TestRun counts the `--- PASS/FAIL/SKIP` lines.
 */
const LOCATED = /^(?:vet: )?((?:[A-Za-z]:)?[^:\s][^:]*\.go):(\d+)(?::(\d+))?: (.*)$/;
const RESULT = /^\s*--- (PASS|FAIL|SKIP): (\S+) \(/;
const TEST_OUTPUT = /^\s+([\w./-]+_test\.go):(\d+): (.*)$/;
const PKG_FAIL = /^(?:FAIL|ok)\s+\S+\s+(?:[\d.]+s|\[)/;

export const goParser: LogParser = {
  name: 'go',
  description: 'go build / vet / test, golangci-lint, staticcheck',
  interest: { located: true, firstChars: '-=Fo', afterIndent: '-' },
  create(sink) {
    const counts = { PASS: 0, FAIL: 0, SKIP: 0 };
    const failed: string[] = [];
    let firstResult: LogLine | undefined;
    let lastResult: LogLine | undefined;
    let fail:
      | {
          name: string;
          first: LogLine;
          last: number;
          messages: Array<{ path: string; line: number; text: string }>;
        }
      | undefined;
    const pendingOutput: Array<{ path: string; line: number; text: string; no: number }> = [];
    const flushFail = () => {
      if (!fail) return;
      const where = fail.messages[0];
      sink.diagnostic(
        makeDiagnostic(
          fail.first,
          {
            tool: 'go',
            path: where?.path,
            line: where?.line,
            code: 'test-failed',
            message: where ? where.text : `${fail.name} failed`,
            test: { name: fail.name, framework: 'go' },
          },
          fail.last,
        ),
      );
      fail = undefined;
    };
    const emitRun = () => {
      flushFail();
      if (!firstResult || !lastResult) return;
      sink.testRun({
        framework: 'go',
        step: firstResult.step,
        run: counts.PASS + counts.FAIL + counts.SKIP,
        passed: counts.PASS,
        failed: counts.FAIL,
        skipped: counts.SKIP,
        failed_names: failed.splice(0),
        log: logRef(firstResult, lastResult.no),
      });
      counts.PASS = counts.FAIL = counts.SKIP = 0;
      firstResult = lastResult = undefined;
    };
    return {
      line(l) {
        const t = l.text;
        if (l.located && t.includes('.go:')) {
          const o = TEST_OUTPUT.exec(t);
          if (o) {
            // With -v the output comes before its `--- FAIL`; without, after.
            if (fail) {
              fail.messages.push({ path: o[1]!, line: Number(o[2]), text: o[3]! });
              fail.last = l.no;
            } else if (pendingOutput.length < 100)
              pendingOutput.push({ path: o[1]!, line: Number(o[2]), text: o[3]!, no: l.no });
            return;
          }
          const m = LOCATED.exec(t);
          if (m) {
            sink.diagnostic(
              makeDiagnostic(l, {
                tool: 'go',
                path: m[1]!,
                line: Number(m[2]),
                column: m[3] ? Number(m[3]) : undefined,
                message: m[4]!,
              }),
            );
            return;
          }
        }
        const c0 = t.charCodeAt(0);
        const r = (c0 === 45 /* - */ || c0 === 32) && t.includes('--- ') ? RESULT.exec(t) : null;
        if (r) {
          flushFail();
          const kind = r[1] as 'PASS' | 'FAIL' | 'SKIP';
          counts[kind]++;
          firstResult ??= l;
          lastResult = l;
          if (kind === 'FAIL') {
            if (failed.length < 5000) failed.push(r[2]!);
            fail = {
              name: r[2]!,
              first: l,
              last: l.no,
              messages: pendingOutput.splice(0).map(({ no: _no, ...m }) => m),
            };
          }
          pendingOutput.length = 0;
          return;
        }
        if ((c0 === 70 /* F */ || c0 === 111) /* o */ && PKG_FAIL.test(t)) {
          if (firstResult) {
            lastResult = l;
            emitRun();
          }
          return;
        }
        if (
          c0 === 61 /* = */ &&
          (t.startsWith('=== RUN') || t.startsWith('=== PAUSE') || t.startsWith('=== CONT'))
        ) {
          flushFail();
          return;
        }
      },
      end: emitRun,
    };
  },
};
