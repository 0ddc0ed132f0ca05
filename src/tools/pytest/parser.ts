import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import {
  emitFailures,
  failingTests,
  settleReruns,
  testRun,
  type Block,
  type Named,
  type Rerun,
} from './report.js';

/**
 * pytest: the FAILURES / ERRORS sections (one block per failing test or collection error, `E   ` lines
 * with the exception, `path:line: ExcType` with its place), the short test summary (`FAILED nodeid - msg`)
 * and the closing counts line. Each failing test becomes one diagnostic; the closing line a TestRun.
 * The verbose result lines (`[gw1] [ 88%] FAILED nodeid` from pytest-xdist, `nodeid FAILED   [ 88%]`
 * without it) name the failing tests too: they are what is left when the sections are cut off (a
 * truncated log, `--tb=no -rN`), and they are merged with the sections, never counted twice.
 * pytest-rerunfailures (`--reruns N`) re-runs a failing test: `nodeid RERUN   [ 20%]` once per failed
 * attempt, then the last attempt's result, and with `-rR` a `rerun test summary info` section of
 * `RERUN nodeid` lines. A test re-run and then passed is flaky (the TestRun's flaky_names, no diagnostic).
 */
// A title too wide for the terminal is framed by a single `=` (`= 1 failed, … in 1284.21s (0:21:24) =`).
const BANNER = /^=+ (.+?) =+$/;
const BLOCK = /^_{3,} (.+?) _{3,}$/;
const XDIST_RESULT = /^\[gw\d+\] \[ *\d+%\] (FAILED|ERROR|RERUN|PASSED) (\S+)/;
const VERBOSE_RESULT = /^(\S+::\S+) (FAILED|ERROR|RERUN|PASSED) +\[ *\d+%\]$/;
const LOCATION = /^((?:[A-Za-z]:)?[^\s:][^:]*\.py):(\d+): (?:in \S+|([A-Za-z_][\w.]*))$/;
const SUMMARY_ITEM = /^(FAILED|ERROR|RERUN) (\S+)(?: - (.*))?$/;
const CLOSING = /^(?:\d+ \w+(?:, \d+ \w+)* in [\d.]+s(?: \([^)]*\))?|no tests ran.*)$/;

/** One step's state: the section being read (set by the `=== title ===` banners) and what it named. */
class PytestState implements ParserState {
  private section: 'failures' | 'errors' | 'summary' | 'reruns' | 'other' = 'other';
  private readonly blocks: Block[] = [];
  private block: Block | undefined;
  private readonly summary: Named[] = [];
  private readonly verbose: Named[] = [];
  /** The re-run tests by nodeid, in the order they were first re-run. */
  private readonly reruns = new Map<string, Rerun>();

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.section !== 'other';
  }

  line(l: LogLine): void {
    const t = l.text;
    const c0 = t.charCodeAt(0);
    if (c0 === 61 /* = */) this.banner(l, t);
    else if (this.section === 'other') {
      if (this.verbose.length < 5000) this.verboseResult(l, t, c0);
    } else if (this.section === 'summary' || this.section === 'reruns') this.summaryLine(l, t, c0);
    else this.blockLine(l, t, c0);
  }

  end(): void {
    if (this.blocks.length || this.summary.length || this.verbose.length || this.reruns.size) this.flush();
  }

  private banner(l: LogLine, t: string): void {
    const m = BANNER.exec(t);
    if (!m) return;
    const title = m[1]!;
    this.block = undefined;
    if (title === 'FAILURES') this.section = 'failures';
    else if (title === 'ERRORS') this.section = 'errors';
    else if (title === 'short test summary info') this.section = 'summary';
    else if (title === 'rerun test summary info') this.section = 'reruns';
    else if (CLOSING.test(title)) this.closing(l, title);
    else this.section = 'other';
  }

  /**
   * `[gw1] [ 88%] FAILED tests/x.py::T::test_y` (xdist) or `tests/x.py::test_y FAILED   [ 88%]`; `RERUN`
   * for a failed attempt pytest-rerunfailures re-runs, and `PASSED` after it (other passes are not read).
   */
  private verboseResult(l: LogLine, t: string, c0: number): void {
    const r =
      c0 === 91 /* [ */
        ? t.startsWith('[gw') && XDIST_RESULT.exec(t)
        : t.endsWith('%]') &&
            (t.includes(' FAILED ') ||
              t.includes(' ERROR ') ||
              t.includes(' RERUN ') ||
              (this.reruns.size > 0 && t.includes(' PASSED ')))
          ? VERBOSE_RESULT.exec(t)
          : null;
    if (!r) return;
    const [kind, nodeid] = c0 === 91 ? [r[1]!, r[2]!] : [r[2]!, r[1]!];
    if (kind === 'RERUN') this.rerun(nodeid, l, true);
    else if (kind === 'PASSED') {
      const rerun = this.reruns.get(nodeid);
      if (rerun) rerun.passed = true;
    } else this.verbose.push({ kind, nodeid, line: l });
  }

  private rerun(nodeid: string, l: LogLine, verbose: boolean): void {
    const r = this.reruns.get(nodeid);
    if (r) r.verbose ||= verbose;
    else if (this.reruns.size < 5000) this.reruns.set(nodeid, { nodeid, line: l, verbose, passed: false });
  }

  /** A line of the FAILURES or ERRORS section: a block's title, its `E   ` lines and its place. */
  private blockLine(l: LogLine, t: string, c0: number): void {
    if (c0 === 95 /* _ */) {
      const b = BLOCK.exec(t);
      if (b && this.blocks.length < 5000) {
        this.block = {
          name: b[1]!,
          first: l,
          last: l.no,
          errors: [],
          collection: b[1]!.startsWith('ERROR collecting '),
        };
        this.blocks.push(this.block);
        return;
      }
    }
    const block = this.block;
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
  }

  private summaryLine(l: LogLine, t: string, c0: number): void {
    const s = SUMMARY_ITEM.exec(t);
    if (s?.[1] === 'RERUN') this.rerun(s[2]!, l, false);
    else if (s && this.summary.length < 5000)
      this.summary.push({ kind: s[1]!, nodeid: s[2]!, message: s[3], line: l });
    // `pytest -q` closes with the counts alone, without the `===` banner.
    else if (c0 >= 48 && c0 <= 57 && CLOSING.test(t)) this.closing(l, t);
  }

  private closing(l: LogLine, text: string): void {
    const { failing, flaky } = this.flush();
    const names = failing.map((f) => f.nodeid);
    this.sink.testRun(testRun(l, text, names, flaky));
    this.section = 'other';
  }

  /** Reports the failing tests read so far; returns them and the flaky ones. */
  private flush(): { failing: Named[]; flaky: string[] } {
    const failing = failingTests(this.summary, this.verbose);
    const flaky = settleReruns(this.reruns.values(), failing, this.blocks);
    emitFailures(this.sink, this.blocks, failing);
    this.blocks.length = 0;
    this.summary.length = 0;
    this.verbose.length = 0;
    this.reruns.clear();
    return { failing, flaky };
  }
}

export const pytestParser: LogParser = {
  name: 'pytest',
  description: 'pytest failures, errors, collection errors and summary',
  // `[` for xdist's result lines, a trailing `]` for the plain verbose ones (`… FAILED   [ 50%]`).
  interest: { firstChars: '=', starts: ['[gw'], lastChars: ']' },
  create(sink) {
    return new PytestState(sink);
  },
};
