import type { LogLine, TestRun } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';

/**
 * pytest: the FAILURES / ERRORS sections (one block per failing test or collection error, `E   ` lines
 * with the exception, `path:line: ExcType` with its place), the short test summary (`FAILED nodeid - msg`)
 * and the closing counts line. Each failing test becomes one diagnostic; the closing line a TestRun.
 * The verbose result lines (`[gw1] [ 88%] FAILED nodeid` from pytest-xdist, `nodeid FAILED   [ 88%]`
 * without it) name the failing tests too: they are what is left when the sections are cut off (a
 * truncated log, `--tb=no -rN`), and they are merged with the sections, never counted twice.
 */
// A title too wide for the terminal is framed by a single `=` (`= 1 failed, … in 1284.21s (0:21:24) =`).
const BANNER = /^=+ (.+?) =+$/;
const BLOCK = /^_{3,} (.+?) _{3,}$/;
const XDIST_RESULT = /^\[gw\d+\] \[ *\d+%\] (FAILED|ERROR) (\S+)/;
const VERBOSE_RESULT = /^(\S+::\S+) (FAILED|ERROR) +\[ *\d+%\]$/;
const LOCATION = /^((?:[A-Za-z]:)?[^\s:][^:]*\.py):(\d+): (?:in \S+|([A-Za-z_][\w.]*))$/;
const SUMMARY_ITEM = /^(FAILED|ERROR) (\S+)(?: - (.*))?$/;
const CLOSING = /^(?:\d+ \w+(?:, \d+ \w+)* in [\d.]+s(?: \([^)]*\))?|no tests ran.*)$/;
const COUNTS = /(\d+) (failed|passed|skipped|errors?|xfailed|xpassed|deselected|warnings?|rerun)/g;
/** A block's title for an error outside the test itself: `ERROR at setup of TestX.test_y`. */
const PHASE = /^ERROR at (?:setup|teardown) of /;

interface Block {
  name: string;
  first: LogLine;
  last: number;
  errors: string[];
  excType?: string;
  path?: string;
  line?: number;
  collection: boolean;
}

export const pytestParser: LogParser = {
  name: 'pytest',
  description: 'pytest failures, errors, collection errors and summary',
  // `[` for xdist's result lines, a trailing `]` for the plain verbose ones (`… FAILED   [ 50%]`).
  interest: { firstChars: '=', starts: ['[gw'], lastChars: ']' },
  create(sink) {
    let section: 'failures' | 'errors' | 'summary' | 'other' = 'other';
    const blocks: Block[] = [];
    let block: Block | undefined;
    const summary: Array<{ kind: string; nodeid: string; message?: string; line: LogLine }> = [];
    const verbose: Array<{ kind: string; nodeid: string; line: LogLine }> = [];

    const emitTests = (l: LogLine, counts: Record<string, number>, names: string[]) => {
      const failed = (counts.failed ?? 0) + (counts.error ?? 0) + (counts.errors ?? 0);
      const run: TestRun = {
        framework: 'pytest',
        step: l.step,
        run:
          failed +
          (counts.passed ?? 0) +
          (counts.skipped ?? 0) +
          (counts.xfailed ?? 0) +
          (counts.xpassed ?? 0),
        // An unexpected pass counts as a pass (a strict one pytest reports as failed); reruns of a flaky
        // test (pytest-rerunfailures' `2 rerun`) are extra attempts, not tests.
        passed: (counts.passed ?? 0) + (counts.xpassed ?? 0),
        failed,
        skipped: (counts.skipped ?? 0) + (counts.xfailed ?? 0),
        failed_names: names,
        log: logRef(l),
      };
      sink.testRun(run);
    };

    /**
     * Every failing test named by the short summary or, failing that, by a verbose result line, once each
     * (`fromVerbose` when only the result line names it).
     */
    const failing = () => {
      const all: Array<{
        nodeid: string;
        kind: string;
        message?: string;
        line: LogLine;
        fromVerbose?: true;
      }> = [...summary];
      const seen = new Set(all.map((s) => s.nodeid));
      for (const v of verbose)
        if (!seen.has(v.nodeid)) {
          seen.add(v.nodeid);
          all.push({ ...v, fromVerbose: true });
        }
      return all;
    };

    const flushDiagnostics = () => {
      const byName = new Map(blocks.map((b) => [b.name.replace(PHASE, ''), b]));
      const used = new Set<Block>();
      const emit = (
        b: Block | undefined,
        nodeid: string | undefined,
        message: string | undefined,
        at: LogLine,
      ) => {
        const testPath = nodeid?.split('::')[0];
        const excType = b?.excType;
        // The summary cuts long messages (`assert 'ABC' == '...`); the block has them whole.
        const whole = message?.endsWith('...') && b?.errors[0] ? b.errors[0] : message;
        let text = whole ?? b?.errors[0] ?? excType ?? 'test failed';
        if (excType && !text.startsWith(excType) && !/^\w+(Error|Exception|Exit)\b/.test(text))
          text = `${excType}: ${text}`;
        const onTest = b?.path && (!testPath || b.path === testPath);
        sink.diagnostic(
          makeDiagnostic(
            b?.first ?? at,
            {
              tool: 'pytest',
              path: onTest ? b!.path : testPath,
              line: onTest ? b!.line : undefined,
              message: text,
              code:
                b?.collection || (!b && nodeid && !nodeid.includes('::'))
                  ? 'collection-error'
                  : (excType ?? 'failed'),
              test: nodeid ? { name: nodeid, framework: 'pytest' } : undefined,
            },
            b ? b.last : at.no,
          ),
        );
      };
      const blockOf = (nodeid: string) => {
        const parts = nodeid.split('::');
        const key = parts.length > 1 ? parts.slice(1).join('.') : `ERROR collecting ${parts[0]}`;
        const b = byName.get(key) ?? byName.get(parts[parts.length - 1]!);
        return b && !used.has(b) ? b : undefined;
      };
      for (const f of failing()) {
        const b = blockOf(f.nodeid);
        if (b) used.add(b);
        // A verbose `ERROR` line without its section: the error was outside the test body.
        const message = f.fromVerbose && !b && f.kind === 'ERROR' ? 'error at setup or teardown' : f.message;
        emit(b, f.nodeid, message, f.line);
      }
      for (const b of blocks)
        if (!used.has(b))
          emit(b, b.collection ? b.name.replace(/^ERROR collecting /, '') : undefined, undefined, b.first);
      blocks.length = 0;
      summary.length = 0;
      verbose.length = 0;
    };

    const closing = (l: LogLine, text: string) => {
      const counts: Record<string, number> = {};
      for (const c of text.matchAll(COUNTS)) counts[c[2]!] = (counts[c[2]!] ?? 0) + Number(c[1]);
      const names = failing().map((f) => f.nodeid);
      flushDiagnostics();
      emitTests(l, counts, names);
      section = 'other';
    };

    return {
      get busy() {
        return section !== 'other';
      },
      line(l) {
        const t = l.text;
        const c0 = t.charCodeAt(0);
        if (c0 === 61 /* = */) {
          const m = BANNER.exec(t);
          if (!m) return;
          const title = m[1]!;
          block = undefined;
          if (title === 'FAILURES') section = 'failures';
          else if (title === 'ERRORS') section = 'errors';
          else if (title === 'short test summary info') section = 'summary';
          else if (CLOSING.test(title)) closing(l, title);
          else section = 'other';
          return;
        }
        if (section === 'other' && verbose.length < 5000) {
          // `[gw1] [ 88%] FAILED tests/x.py::T::test_y` (xdist) or `tests/x.py::test_y FAILED   [ 88%]`.
          const r =
            c0 === 91 /* [ */
              ? t.startsWith('[gw') && XDIST_RESULT.exec(t)
              : t.endsWith('%]') && (t.includes(' FAILED ') || t.includes(' ERROR '))
                ? VERBOSE_RESULT.exec(t)
                : null;
          if (r) {
            const [kind, nodeid] = c0 === 91 ? [r[1]!, r[2]!] : [r[2]!, r[1]!];
            verbose.push({ kind, nodeid, line: l });
            return;
          }
        }
        if (section === 'failures' || section === 'errors') {
          if (c0 === 95 /* _ */) {
            const b = BLOCK.exec(t);
            if (b && blocks.length < 5000) {
              block = {
                name: b[1]!,
                first: l,
                last: l.no,
                errors: [],
                collection: b[1]!.startsWith('ERROR collecting '),
              };
              blocks.push(block);
              return;
            }
          }
          if (!block) return;
          block.last = l.no;
          if (c0 === 69 /* E */ && (t.startsWith('E   ') || t === 'E')) {
            if (block.errors.length < 20) block.errors.push(t.slice(1).trim());
            return;
          }
          const loc = t.indexOf('.py:') === -1 ? null : LOCATION.exec(t);
          if (loc) {
            block.path = loc[1];
            block.line = Number(loc[2]);
            if (loc[3]) block.excType = loc[3];
          }
          return;
        }
        if (section === 'summary') {
          const s = SUMMARY_ITEM.exec(t);
          if (s && summary.length < 5000)
            summary.push({ kind: s[1]!, nodeid: s[2]!, message: s[3], line: l });
          // `pytest -q` closes with the counts alone, without the `===` banner.
          else if (c0 >= 48 && c0 <= 57 && CLOSING.test(t)) closing(l, t);
        }
      },
      end() {
        if (blocks.length || summary.length || verbose.length) flushDiagnostics();
      },
    };
  },
};
