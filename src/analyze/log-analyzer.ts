import type {
  Analysis,
  InfrastructureLine,
  LogLine,
  ParsedDiagnostic,
  TestRun,
  TriageConfig,
} from '../domain/index.js';
import { DEFAULT_TRIAGE } from '../domain/index.js';
import { LineSplitter } from '../logs/line-splitter.js';
import { StepTracker } from '../logs/step-tracker.js';
import {
  parsers as allParsers,
  type LogParser,
  type ParserName,
  type ParserSink,
  type ParserState,
} from '../tools/index.js';
import { GITHUB_SOURCE } from '../tools/github/parser.js';
import { infrastructureCause, Triage } from '../triage/index.js';
import type { Baseline } from './baseline.js';
import { MAYBE_INTERESTING } from '../logs/failure-keywords.js';
import { ExcerptFinder } from './excerpt-finder.js';
import { finalizeAnalysis } from './finalize.js';
import { busyProbe, LineDispatch } from './line-dispatch.js';
import { diagnosticKey, TEST_SOURCES } from './postprocess.js';
import { MAX_DROPPED_KEYS, MAX_INFRASTRUCTURE_LINES, type AnalyzerSnapshot } from './snapshot.js';

export interface AnalyzerOptions {
  triage?: TriageConfig;
  parsers?: LogParser[];
  /** Diagnostics kept; past it they are counted in `summary.dropped`. Bounds memory on any input. */
  maxDiagnostics?: number;
  /** Characters of a line kept for parsing; the rest is skipped (and counted). */
  maxLine?: number;
  maxExcerpts?: number;
  /** The folder the logged commands ran in: absolute paths under it become repository-relative. */
  workspace?: string;
  /**
   * For the analyzer of a part of a file after its first: remember, by key, the diagnostics dropped past
   * the cap (AnalyzerSnapshot.droppedByKey), so the final pass counts only those one thread would have.
   */
  trackDroppedKeys?: boolean;
  /** Passing runs of the same job: lines they printed too are context, not what explains the failure. */
  baseline?: Baseline;
}

/**
 * Streams one or more logs through the parsers, the excerpt finder and triage, in bounded memory.
 * Pure: callers feed bytes (`write`) and read the Analysis (`finish`); reading files is the caller's job.
 */
export class LogAnalyzer {
  private readonly triage: Triage;
  private readonly parsers: LogParser[];
  private readonly dispatch: LineDispatch;
  private readonly maxDiagnostics: number;
  private readonly maxLine: number;
  private readonly excerpts = new ExcerptFinder();
  private readonly diagnostics: ParsedDiagnostic[] = [];
  private readonly tests: TestRun[] = [];
  private readonly infrastructure: InfrastructureLine[] = [];
  private readonly inputs: string[] = [];
  private readonly steps: string[] = [];
  /** The failed steps, each with the zip entry (the job) it is in. */
  private readonly failedAt: Array<{ step: string; file?: string }> = [];
  private readonly warnings: string[] = [];
  private dropped = 0;
  private droppedUnkeyed = 0;
  private droppedByKey: Map<string, number> | undefined;
  /** For each kept diagnostic (same index), the times its failure was found again. */
  private readonly repeats: number[] = [];
  private lines = 0;
  private bytes = 0;
  private truncated = 0;
  private readonly parts: AnalyzerSnapshot[] = [];
  /** The kept diagnostics' keys, to their index. */
  private readonly seen = new Map<string, number>();
  private current:
    | {
        splitter: LineSplitter;
        tracker: StepTracker;
        states: ParserState[];
        /** The states' `line` methods, bound once per step: calling through an array of functions avoids a
         * megamorphic `state.line` lookup on every line (20 parser shapes). */
        feeds: Array<(l: LogLine) => void>;
        /** The states' `busy`, read through `busyProbe` for the same reason. */
        busy: Array<() => boolean>;
        step: string;
        file?: string;
      }
    | undefined;

  constructor(private readonly options: AnalyzerOptions = {}) {
    this.triage = new Triage(options.triage ?? DEFAULT_TRIAGE);
    this.parsers = (options.parsers ?? Object.values(allParsers)).filter((p) =>
      this.triage.isEnabled(p.name),
    );
    this.dispatch = new LineDispatch(this.parsers);
    this.maxDiagnostics = options.maxDiagnostics ?? 5000;
    this.maxLine = options.maxLine ?? 256 * 1024;
    if (options.trackDroppedKeys) this.droppedByKey = new Map();
  }

  /** Starts an input: `label` names it in the summary; `file` (a zip entry) and `step` place its lines. */
  begin(label: string, place: { file?: string; step?: string } = {}): void {
    this.end();
    this.inputs.push(label);
    const tracker = new StepTracker(place.step);
    const file = place.file;
    const splitter = new LineSplitter(
      (buf, start, end, ascii, esc, no) =>
        this.line(tracker.nextBytes(buf, start, end, ascii, esc, no, file)),
      { maxLine: this.maxLine },
    );
    this.current = { splitter, tracker, states: [], feeds: [], busy: [], step: '', file: place.file };
  }

  write(chunk: Uint8Array): void {
    if (!this.current) this.begin('(stdin)');
    this.current!.splitter.write(chunk);
  }

  warn(message: string): void {
    if (this.warnings.length < 50) this.warnings.push(message);
  }

  /** Ends the current input (also done by `begin` and `finish`). */
  end(): void {
    const c = this.current;
    if (!c) return;
    c.splitter.end();
    this.endStep();
    this.lines += c.splitter.lines;
    this.bytes += c.splitter.bytes;
    this.truncated += c.splitter.truncated;
    for (const s of c.tracker.steps) if (!this.steps.includes(s)) this.steps.push(s);
    for (const s of c.tracker.failedSteps)
      this.failedAt.push({ step: s, ...(c.file !== undefined ? { file: c.file } : {}) });
    this.current = undefined;
  }

  /**
   * How a worker thread must be set up to analyse part of a file for this analyzer, or undefined when
   * it cannot (parsers given as objects rather than taken from the registry).
   */
  workerJob(): { parserNames: ParserName[]; maxDiagnostics: number; maxLine: number } | undefined {
    const byParser = new Map(
      Object.entries(allParsers).map(([name, p]) => [p as LogParser, name as ParserName]),
    );
    const names = this.parsers.map((p) => byParser.get(p));
    if (names.some((n) => n === undefined)) return undefined;
    return { parserNames: names as ParserName[], maxDiagnostics: this.maxDiagnostics, maxLine: this.maxLine };
  }

  /** Adds what another analyzer (a worker reading part of a big file) found. */
  absorb(part: AnalyzerSnapshot): void {
    this.parts.push(part);
    // What this analyzer reads next comes after the part.
    this.droppedByKey ??= new Map();
  }

  /** What this analyzer found so far, before the final pass. */
  snapshot(): AnalyzerSnapshot {
    this.end();
    return {
      diagnostics: this.diagnostics,
      tests: this.tests,
      infrastructure: this.infrastructure,
      candidates: this.excerpts.snapshot(),
      diagnosticRanges: this.excerpts.diagnosticRanges(),
      inputs: this.inputs,
      steps: this.steps,
      failedAt: this.failedAt,
      warnings: this.warnings,
      dropped: this.dropped,
      repeats: this.repeats,
      droppedByKey: this.droppedByKey,
      droppedUnkeyed: this.droppedUnkeyed,
      lines: this.lines,
      bytes: this.bytes,
      truncated: this.truncated,
    };
  }

  finish(): Analysis {
    return finalizeAnalysis([...this.parts, this.snapshot()], {
      triage: this.options.triage,
      maxDiagnostics: this.maxDiagnostics,
      maxExcerpts: this.options.maxExcerpts ?? 12,
      maxLine: this.maxLine,
      workspace: this.options.workspace,
      baseline: this.options.baseline,
    });
  }

  private line(l: LogLine): void {
    const c = this.current!;
    if (l.step !== c.step || c.states.length === 0) {
      this.endStep();
      c.step = l.step;
      c.states = this.parsers.map((p) => p.create(this.sink));
      c.feeds = c.states.map((s) => s.line.bind(s));
      c.busy = c.states.map(busyProbe);
      this.dispatch.reset();
    }
    // The excerpt finder sees the line first so a diagnostic emitted for it can quote it.
    const maybe = MAYBE_INTERESTING.test(l.text);
    this.excerpts.line(l, maybe);
    if ((maybe || l.annotation === 'error') && this.infrastructure.length < MAX_INFRASTRUCTURE_LINES) {
      const cause = infrastructureCause(l.text);
      if (cause) {
        this.infrastructure.push({ step: l.step, file: l.file, line: l.no, ...cause });
        this.excerpts.infrastructure(l, cause.says);
      }
    }
    this.dispatch.deliver(l, c.feeds, c.busy);
  }

  private endStep(): void {
    const c = this.current;
    if (!c) return;
    for (const s of c.states) s.end();
    c.states = [];
    c.feeds = [];
    c.busy = [];
    this.excerpts.endStep();
  }

  private readonly sink: ParserSink = {
    diagnostic: (d) => {
      // The same failure printed again (a repeated job, a re-emitted line) does not count against the cap.
      const key = diagnosticKey(d);
      const i = this.seen.get(key);
      if (i !== undefined) {
        this.repeats[i]!++;
        return;
      }
      if (this.diagnostics.length >= this.maxDiagnostics) {
        this.dropped++;
        const byKey = this.droppedByKey;
        const n = byKey?.get(key);
        if (n !== undefined) byKey!.set(key, n + 1);
        else if (byKey && byKey.size < MAX_DROPPED_KEYS) byKey.set(key, 1);
        else this.droppedUnkeyed++;
        return;
      }
      this.seen.set(key, this.diagnostics.length);
      this.repeats.push(0);
      this.diagnostics.push(d);
      if (d.source.name !== GITHUB_SOURCE) {
        const isTest = TEST_SOURCES.has(d.source.name) && d.test !== undefined;
        this.excerpts.diagnostic(
          d.log,
          isTest ? `${d.source.name} test failure` : `${d.source.name} diagnostic`,
          isTest ? 65 : 50,
          key,
        );
      }
    },
    testRun: (t) => {
      if (this.tests.length < 1000) this.tests.push(t);
    },
  };
}
