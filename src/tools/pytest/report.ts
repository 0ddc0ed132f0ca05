import type { LogLine, TestRun } from '../../domain/index.js';
import type { ParserSink } from '../parser.js';
import { logRef, makeDiagnostic } from '../shared/emit.js';

/**
 * What the pytest parser reports once a run's sections are read: the failing tests, each matched with
 * its block of the FAILURES / ERRORS sections, and the closing counts line as a TestRun.
 */
const COUNTS = /(\d+) (failed|passed|skipped|errors?|xfailed|xpassed|deselected|warnings?|rerun)/g;
/** A block's title for an error outside the test itself: `ERROR at setup of TestX.test_y`. */
const PHASE = /^ERROR at (?:setup|teardown) of /;

/** One block of the FAILURES or ERRORS section: a failing test or a collection error. */
export interface Block {
  name: string;
  first: LogLine;
  last: number;
  errors: string[];
  excType?: string;
  path?: string;
  line?: number;
  collection: boolean;
}

/** A failing test named by a short summary line (`FAILED nodeid - msg`) or a verbose result line. */
export interface Named {
  kind: string;
  nodeid: string;
  message?: string;
  line: LogLine;
  /** Only a verbose result line names it. */
  fromVerbose?: true;
}

/** Every failing test named by the short summary or, failing that, by a verbose result line, once each. */
export function failingTests(summary: readonly Named[], verbose: readonly Named[]): Named[] {
  const all: Named[] = [...summary];
  const seen = new Set(all.map((s) => s.nodeid));
  for (const v of verbose)
    if (!seen.has(v.nodeid)) {
      seen.add(v.nodeid);
      all.push({ ...v, fromVerbose: true });
    }
  return all;
}

/** The TestRun of the closing line `text` (`1 failed, 2 passed in 0.12s`). */
export function testRun(l: LogLine, text: string, names: string[]): TestRun {
  const counts: Record<string, number> = {};
  for (const c of text.matchAll(COUNTS)) counts[c[2]!] = (counts[c[2]!] ?? 0) + Number(c[1]);
  const failed = (counts.failed ?? 0) + (counts.error ?? 0) + (counts.errors ?? 0);
  return {
    framework: 'pytest',
    step: l.step,
    run:
      failed + (counts.passed ?? 0) + (counts.skipped ?? 0) + (counts.xfailed ?? 0) + (counts.xpassed ?? 0),
    // An unexpected pass counts as a pass (a strict one pytest reports as failed); reruns of a flaky
    // test (pytest-rerunfailures' `2 rerun`) are extra attempts, not tests.
    passed: (counts.passed ?? 0) + (counts.xpassed ?? 0),
    failed,
    skipped: (counts.skipped ?? 0) + (counts.xfailed ?? 0),
    failed_names: names,
    log: logRef(l),
  };
}

/** One diagnostic per failing test (with its block when there is one), then one per block left over. */
export function emitFailures(sink: ParserSink, blocks: readonly Block[], failing: readonly Named[]): void {
  const byName = new Map(blocks.map((b) => [b.name.replace(PHASE, ''), b]));
  const used = new Set<Block>();
  const blockOf = (nodeid: string) => {
    const parts = nodeid.split('::');
    const key = parts.length > 1 ? parts.slice(1).join('.') : `ERROR collecting ${parts[0]}`;
    const b = byName.get(key) ?? byName.get(parts[parts.length - 1]!);
    return b && !used.has(b) ? b : undefined;
  };
  for (const f of failing) {
    const b = blockOf(f.nodeid);
    if (b) used.add(b);
    // A verbose `ERROR` line without its section: the error was outside the test body.
    const message = f.fromVerbose && !b && f.kind === 'ERROR' ? 'error at setup or teardown' : f.message;
    emitFailure(sink, b, f.nodeid, message, f.line);
  }
  for (const b of blocks)
    if (!used.has(b))
      emitFailure(
        sink,
        b,
        b.collection ? b.name.replace(/^ERROR collecting /, '') : undefined,
        undefined,
        b.first,
      );
}

function emitFailure(
  sink: ParserSink,
  b: Block | undefined,
  nodeid: string | undefined,
  message: string | undefined,
  at: LogLine,
): void {
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
}
