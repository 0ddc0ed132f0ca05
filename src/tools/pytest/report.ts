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

/**
 * A test pytest-rerunfailures re-ran (`--reruns N`), named by a verbose `RERUN` line (then `PASSED` when a
 * re-run passed) or by an entry `RERUN nodeid` of the `-rR` summary.
 */
export interface Rerun {
  nodeid: string;
  line: LogLine;
  verbose: boolean;
  passed: boolean;
}

/** The names a block of the FAILURES / ERRORS sections may have for a test: `T.test_y`, then `test_y`. */
function blockKeys(nodeid: string): [string, string] {
  const parts = nodeid.split('::');
  const key = parts.length > 1 ? parts.slice(1).join('.') : `ERROR collecting ${parts[0]}`;
  return [key, parts[parts.length - 1]!];
}

/**
 * The re-run tests, settled: one that failed in the end is added to `failing` when only its FAILURES
 * block says so (`-rR` without `-rf`: no `FAILED` line); the others, re-run and then passed, are flaky.
 * A verbose run says how each ended: only a `PASSED` after the `RERUN` makes a test flaky.
 */
export function settleReruns(reruns: Iterable<Rerun>, failing: Named[], blocks: readonly Block[]): string[] {
  const named = new Set(failing.map((f) => f.nodeid));
  // The blocks no named failing test takes, by name: each may yet belong to a re-run test.
  const free = new Map<string, number>();
  for (const b of blocks) {
    const name = b.name.replace(PHASE, '');
    free.set(name, (free.get(name) ?? 0) + 1);
  }
  const take = (nodeid: string) => {
    const key = blockKeys(nodeid).find((k) => (free.get(k) ?? 0) > 0);
    if (key) free.set(key, free.get(key)! - 1);
    return key !== undefined;
  };
  for (const n of named) take(n);
  const flaky: string[] = [];
  for (const r of reruns) {
    if (named.has(r.nodeid)) continue;
    if (r.verbose) {
      if (r.passed) flaky.push(r.nodeid);
    } else if (take(r.nodeid)) failing.push({ kind: 'FAILED', nodeid: r.nodeid, line: r.line });
    else flaky.push(r.nodeid);
  }
  return flaky;
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
export function testRun(l: LogLine, text: string, names: string[], flaky: string[]): TestRun {
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
    // Re-run by pytest-rerunfailures and then passed: flaky, not broken.
    ...(flaky.length ? { flaky_names: flaky } : {}),
    log: logRef(l),
  };
}

/** One diagnostic per failing test (with its block when there is one), then one per block left over. */
export function emitFailures(sink: ParserSink, blocks: readonly Block[], failing: readonly Named[]): void {
  const byName = new Map(blocks.map((b) => [b.name.replace(PHASE, ''), b]));
  const used = new Set<Block>();
  const blockOf = (nodeid: string) => {
    const [key, last] = blockKeys(nodeid);
    const b = byName.get(key) ?? byName.get(last);
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
