import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';
import { classPath, exceptionMessage, frameOf } from '../shared/java-frames.js';
import { failureHeader, levelLength, shortEntry, testOf, type Block, type Entry } from './surefire.js';

/**
 * Maven Surefire and Failsafe: each failing test's block (`[ERROR] total(shop.CartTest)  Time elapsed:
 * … <<< FAILURE!`, then the exception and its stack), the `Results:` lists (`Failures:`, `Errors:`, and
 * `Flakes:` with rerunFailingTestsCount: a test whose `Run 1:` failed and `Run 2: PASS`ed is flaky), and
 * the module's closing `Tests run: 6, Failures: 2, Errors: 1, Skipped: 1[, Flakes: 1]`, a TestRun. The
 * per-class `Tests run: …, Time elapsed: … in shop.CartTest` lines only name the class. Each failing
 * test is one diagnostic, from its block when there is one (the whole message, the place in the test
 * class), else from its entry.
 */
const TESTS_RUN =
  /^Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)(?:, Flakes: (\d+))?(.*)$/;
type Section = 'failed' | 'error' | 'flaky';
const SECTIONS: Readonly<Record<string, Section>> = {
  'Failures:': 'failed',
  'Errors:': 'error',
  'Flakes:': 'flaky',
};
/** Surefire before 2.19 names its lists otherwise, and Maven prints them without a level prefix. */
const OLD_SECTIONS: Readonly<Record<string, Section>> = {
  'Failed tests:': 'failed',
  'Tests in error:': 'error',
  'Flaked tests:': 'flaky',
};
const MAX_TESTS = 5000;
const MAX_BLOCK_LINES = 60;

class MavenState implements ParserState {
  private readonly blocks = new Map<string, Block>();
  private readonly bySimple = new Map<string, Block>();
  private block: Block | undefined;
  private currentClass: string | undefined;
  private section: Section | undefined;
  /** Whether the section's lines carry Maven's level prefix (Surefire ≥ 2.19 under Maven 3). */
  private prefixed = true;
  private entries: Array<Entry & { kind: 'failed' | 'error' }> = [];
  private readonly flaky = new Set<string>();
  private entry: Entry | undefined;

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.block !== undefined || this.section !== undefined;
  }

  line(l: LogLine): void {
    const t = l.text;
    if (this.block) {
      if (t && t.charCodeAt(0) !== 91 /* [ */) {
        this.block.last = l.no;
        if (this.block.lines.length < MAX_BLOCK_LINES) this.block.lines.push(t);
        return;
      }
      this.block = undefined;
    }
    if (t.endsWith('!')) {
      const h = failureHeader(t, this.currentClass);
      if (h) return this.openBlock(h, l);
    }
    const level = levelLength(t);
    const rest = t.slice(level);
    if (rest.startsWith('Tests run:')) return this.testsRun(rest, l);
    const trimmed = rest.trim();
    const section = level > 0 ? (SECTIONS[trimmed] ?? OLD_SECTIONS[trimmed]) : OLD_SECTIONS[rest.trimEnd()];
    if (section) {
      this.section = section;
      this.prefixed = level > 0;
      this.entry = undefined;
      return;
    }
    if (this.section) this.resultsLine(l, rest, trimmed, level > 0);
  }

  end(): void {
    this.block = undefined;
    if (this.blocks.size || this.entries.length) this.report();
  }

  private openBlock(h: NonNullable<ReturnType<typeof failureHeader>>, l: LogLine): void {
    // A re-run test prints a block per attempt: the first one speaks for it.
    const seen = this.blocks.get(h.name);
    if (seen || this.blocks.size >= MAX_TESTS) {
      this.block = { ...h, first: l, last: l.no, lines: [] };
      return;
    }
    this.block = {
      name: h.name,
      simple: h.simple,
      cls: h.cls,
      kind: h.kind,
      first: l,
      last: l.no,
      lines: [],
    };
    this.blocks.set(h.name, this.block);
    if (!this.bySimple.has(h.simple)) this.bySimple.set(h.simple, this.block);
  }

  private resultsLine(l: LogLine, rest: string, trimmed: string, prefixed: boolean): void {
    if (prefixed && (trimmed.startsWith('BUILD ') || trimmed.startsWith('---'))) {
      this.section = undefined;
      return;
    }
    if (!trimmed) return;
    // A message of several lines goes on without the prefix (`Expected: …`, `     but: …`).
    if (this.prefixed ? !prefixed : !rest.startsWith('  ')) {
      if (this.entry && this.entry.message.length < 5) {
        this.entry.message.push(trimmed);
        this.entry.last = l.no;
      }
      return;
    }
    if (/^Run \d+: /.test(trimmed)) return this.runLine(trimmed, l);
    const header = !rest.startsWith('  ');
    if (this.section === 'flaky') {
      if (header && this.flaky.size < MAX_TESTS) this.flaky.add(testOf(trimmed, undefined).name);
      this.entry = undefined;
      return;
    }
    if (this.entries.length >= MAX_TESTS) return;
    let e: Entry;
    if (header) {
      e = { ...testOf(trimmed, undefined), header, message: [], first: l, last: l.no };
    } else {
      const s = shortEntry(trimmed);
      const line = s.line ? { line: s.line } : {};
      e = {
        name: s.name ?? s.simple,
        simple: s.simple,
        ...(s.cls ? { cls: s.cls } : {}),
        header,
        ...line,
        message: s.message ? [s.message] : [],
        first: l,
        last: l.no,
      };
    }
    // The flaky section returned above: what is left failed or errored.
    const entry = { ...e, kind: this.section as 'failed' | 'error' };
    this.entries.push(entry);
    this.entry = entry;
  }

  /** `Run 1: CartTest.total:21 expected:<5> but was:<6>` under a re-run test: its first failure speaks. */
  private runLine(trimmed: string, l: LogLine): void {
    const e = this.entry;
    if (!e?.header || e.message.length || trimmed.endsWith(': PASS')) return;
    const run = shortEntry(trimmed.slice(trimmed.indexOf(': ') + 2));
    if (run.line) e.line = run.line;
    if (run.message) e.message.push(run.message);
    e.last = l.no;
  }

  private testsRun(rest: string, l: LogLine): void {
    const m = TESTS_RUN.exec(rest);
    if (!m) return;
    if (m[6]!.includes('Time elapsed')) {
      // `… - in shop.CartTest` (2.x) or `… -- in shop.CartTest` (3.x): the class of the blocks after it.
      const i = m[6]!.lastIndexOf(' in ');
      if (i !== -1) this.currentClass = m[6]!.slice(i + 4).trim();
      return;
    }
    const failingNames = this.report();
    const run = Number(m[1]);
    const failed = Number(m[2]) + Number(m[3]);
    const skipped = Number(m[4]);
    const flaky = [...this.flaky];
    this.flaky.clear();
    this.sink.testRun({
      framework: 'maven',
      step: l.step,
      run,
      passed: Math.max(0, run - failed - skipped),
      failed,
      skipped,
      failed_names: failingNames,
      ...(flaky.length ? { flaky_names: flaky } : {}),
      log: logRef(l),
    });
  }

  /** One diagnostic per failing test (re-runs and flaky tests left out); returns their names. */
  private report(): string[] {
    const failing = new Map<string, { block?: Block; entry?: Entry; kind: 'failed' | 'error' }>();
    for (const e of this.entries) {
      // A failure outside the tests (`@BeforeAll`) has a block of the class and an entry of the method.
      const block = e.header
        ? this.blocks.get(e.name)
        : (this.bySimple.get(e.simple) ?? this.bySimple.get(e.simple.split('.')[0]!));
      const name = block?.name ?? e.name;
      if (!failing.has(name) && !this.flaky.has(name)) failing.set(name, { block, entry: e, kind: e.kind });
    }
    // No `Results:` lists (a log cut short): the blocks are all there is.
    if (!this.entries.length)
      for (const b of this.blocks.values())
        if (!this.flaky.has(b.name)) failing.set(b.name, { block: b, kind: b.kind });
    for (const [name, f] of failing) this.sink.diagnostic(diagnostic(name, f));
    this.blocks.clear();
    this.bySimple.clear();
    this.entries = [];
    this.entry = undefined;
    this.section = undefined;
    return [...failing.keys()];
  }
}

function diagnostic(name: string, f: { block?: Block; entry?: Entry; kind: 'failed' | 'error' }) {
  const { block, entry } = f;
  const frame = block && frameOf(block.lines, block.cls);
  const simpleClass = (entry?.simple ?? '').split('.')[0];
  const cls = block?.cls ?? entry?.cls;
  const path = frame
    ? classPath(frame.cls, frame.file)
    : cls
      ? classPath(cls)
      : simpleClass
        ? `${simpleClass}.java`
        : undefined;
  const at = block ?? entry!;
  return makeDiagnostic(
    at.first,
    {
      tool: 'maven',
      path,
      line: frame?.line ?? entry?.line,
      code: f.kind,
      message: (block && exceptionMessage(block.lines)) ?? (entry?.message.join('\n') || 'test failed'),
      test: { name, framework: 'maven' },
    },
    at.last,
  );
}

export const mavenParser: LogParser = {
  name: 'maven',
  description: 'Maven Surefire / Failsafe test failures and results',
  // A block's header ends with `<<< FAILURE!` or `<<< ERROR!`; the `Results:` lists and counts start with
  // a level prefix (or none, before Surefire 2.19). Inside a block or a list every line matters.
  interest: {
    lastChars: '!',
    starts: [
      '[ERROR] ',
      '[WARNING] Tests run:',
      '[WARNING] Flakes:',
      '[INFO] Tests run:',
      'Tests run:',
      'Failed tests:',
      'Tests in error:',
      'Flaked tests:',
    ],
  },
  create(sink) {
    return new MavenState(sink);
  },
};
