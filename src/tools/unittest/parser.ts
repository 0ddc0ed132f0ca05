import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
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

/** The counts of a result line's parentheses: `failures=1, errors=1, skipped=1`. */
function resultCounts(inParens: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const part of inParens.split(',')) {
    const [k, v] = part.split('=');
    if (k && v) counts[k.trim()] = Number(v);
  }
  return counts;
}

interface Block {
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

/** One step's state: the failing test's block being read, then the `Ran N tests` line awaiting its result. */
class UnittestState implements ParserState {
  private block: Block | undefined;
  private ran: { n: number; line: LogLine } | undefined;
  private readonly names: string[] = [];

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.block !== undefined || this.ran !== undefined;
  }

  line(l: LogLine): void {
    const t = l.text;
    const header = t.length > 5 && (t[0] === 'F' || t[0] === 'E' || t[0] === 'U');
    const h = header ? HEADER.exec(t) : null;
    if (h) {
      this.flush();
      const name = testName(h[2]!, h[3]!);
      this.block = { kind: h[1]!, name, first: l, frames: [], last: l.no };
      if (h[3]!.startsWith(FAILED_IMPORT)) this.block.importFailure = true;
      this.addName(name);
      return;
    }
    if (this.block?.tentative) {
      if (t.charCodeAt(0) === 45 /* - */ && RULE.test(t)) {
        this.block.tentative = false;
        this.block.last = l.no;
        this.addName(this.block.name);
        return;
      }
      this.block = undefined;
    }
    const bare = header && !this.block ? BARE_HEADER.exec(t) : null;
    if (bare) {
      this.block = { kind: bare[1]!, name: bare[2]!, first: l, frames: [], last: l.no, tentative: true };
      return;
    }
    if (this.block && this.blockLine(l, t, this.block)) return;
    const r = t.charCodeAt(0) === 82 /* R */ ? RAN.exec(t) : null;
    if (r) {
      this.ran = { n: Number(r[1]), line: l };
      return;
    }
    if (this.ran) this.result(l, t, this.ran);
  }

  end(): void {
    this.flush();
  }

  private addName(name: string): void {
    // A test with failing subtests has one header per subtest.
    if (this.names.length < 5000 && !this.names.includes(name)) this.names.push(name);
  }

  /** A line of a block's traceback; false when it is the rule that ends the block. */
  private blockLine(l: LogLine, t: string, block: Block): boolean {
    if (RULE.test(t) && block.last > block.first.no + 1) {
      this.flush();
      return false;
    }
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
    return true;
  }

  /** The line after `Ran N tests`: `OK` or `FAILED (…)`, maybe after blank lines. */
  private result(l: LogLine, t: string, ran: { n: number; line: LogLine }): void {
    const res = RESULT.exec(t);
    if (!res) {
      if (t.trim() !== '') this.ran = undefined;
      return;
    }
    const counts = resultCounts(res[2] ?? '');
    const failed = (counts.failures ?? 0) + (counts.errors ?? 0) + (counts['unexpected successes'] ?? 0);
    const skipped = (counts.skipped ?? 0) + (counts['expected failures'] ?? 0);
    this.sink.testRun({
      framework: 'unittest',
      step: l.step,
      run: ran.n,
      passed: Math.max(0, ran.n - failed - skipped),
      failed,
      skipped,
      failed_names: this.names.splice(0),
      log: logRef(ran.line, l.no),
    });
    this.ran = undefined;
  }

  private flush(): void {
    const block = this.block;
    this.block = undefined;
    if (!block || block.tentative) return;
    const frame = pickFrame(block.frames);
    const message = block.message ?? (block.kind === 'FAIL' ? 'AssertionError' : 'test error');
    this.sink.diagnostic(
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
  }
}

export const unittestParser: LogParser = {
  name: 'unittest',
  description: 'unittest / nose failures and summary',
  interest: { firstChars: 'FEUR' },
  create(sink) {
    return new UnittestState(sink);
  },
};
