import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import {
  extendFailure,
  failureDiagnostic,
  openFailure,
  summaryRun,
  type JsFailure,
} from '../shared/js-failure.js';
import { JsonReportReader } from '../shared/js-json-report.js';

/**
 * vitest: in the "Failed Tests" section, ` FAIL  file > suite > test` then the error and ` ❯ file:l:c`;
 * the closing ` Tests  1 failed | 1 passed | 1 skipped (3)`; and `--reporter=json`'s report
 * (`{"numTotalTestSuites":…`), its tests named `file > suite > test` (the file as the report gives it).
 */
const FAIL = /^\s*FAIL\s{1,2}(\S+)(?: > (.+?))?(?: \[ [^\]]+ \])?\s*$/;
const TESTS = /^\s*Tests\s{2,}(.*)\((\d+)\)\s*$/;

type Block = JsFailure & { file: string; name?: string };

class VitestState implements ParserState {
  private block: Block | undefined;
  /**
   * The tests listed right before the block's error: vitest prints a `FAIL` line for each test (and each
   * attempt of a retried one) that failed with the same error, then the error once.
   */
  private group: Block[] = [];
  private readonly names = new Set<string>();
  private readonly json: JsonReportReader;

  constructor(private readonly sink: ParserSink) {
    this.json = new JsonReportReader(sink, 'vitest', 'numTotalTestSuites', {
      separator: ' > ',
      withFile: true,
    });
  }

  get busy(): boolean {
    return this.block !== undefined || this.json.open;
  }

  line(l: LogLine): void {
    const t = l.text;
    if (this.json.line(l)) return this.flush();
    // vitest indents both the ` FAIL  file > test` lines and the ` Tests  …` summary.
    const indented = t.charCodeAt(0) === 32;
    const f = indented && t.includes('FAIL ') ? FAIL.exec(t) : null;
    if (f) return this.fail(l, f[1]!, f[2]);
    const m = indented && t.includes('Tests ') ? TESTS.exec(t) : null;
    if (m && !t.includes('Test Files')) {
      this.flush();
      const counts: Record<string, number> = {};
      for (const c of m[1]!.matchAll(/(\d+) (failed|passed|skipped|todo)/g)) counts[c[2]!] = Number(c[1]);
      this.json.summarised(summaryRun('vitest', l, counts, Number(m[2]), [...this.names]));
      this.names.clear();
      return;
    }
    if (!this.block) return;
    if (/^⎯{3,}/.test(t)) return this.flush();
    extendFailure(this.block, l);
  }

  end(): void {
    this.flush();
    this.json.end();
  }

  private fail(l: LogLine, file: string, name: string | undefined): void {
    // No error yet under the previous `FAIL` line: it shares the error that follows.
    if (this.block && !this.block.message) this.group.push(this.block);
    else this.flush();
    const first = this.group[0]?.first ?? l;
    this.block = { ...openFailure(first), last: l.no, file, name };
    if (name && this.names.size < 5000) this.names.add(`${file} > ${name}`);
  }

  private flush(): void {
    const block = this.block;
    if (!block) return;
    const seen = new Set<string>();
    for (const member of [...this.group, block]) {
      const name = member.name ? `${member.file} > ${member.name}` : member.file;
      if (seen.has(name)) continue;
      seen.add(name);
      this.sink.diagnostic(
        failureDiagnostic('vitest', block, {
          name,
          code: member.name ? 'failed' : 'suite-failed',
          path: member.file,
        }),
      );
    }
    this.block = undefined;
    this.group = [];
  }
}

export const vitestParser: LogParser = {
  name: 'vitest',
  description: 'vitest failures and summary',
  // Idle, only ` FAIL  file > test`, the ` Tests  …` summary and a JSON report's `{` start something.
  interest: { afterIndent: 'FT', firstChars: '{' },
  create(sink) {
    return new VitestState(sink);
  },
};
