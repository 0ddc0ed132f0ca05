import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../src/analyze/log-analyzer.js';
import { isLocated } from '../src/domain/index.js';
import { parsers, type LogParser } from '../src/tools/index.js';

/**
 * A parser's `interest` (and `busy`) only saves work: handing it every line must give the same analysis.
 * Checked on every recorded tool output and job log, so a parser that declares too narrow an interest (and
 * misses a line it needs) fails here rather than on a user's log.
 */
const tools = join(import.meta.dirname, 'fixtures/tools/out');
const gha = join(import.meta.dirname, 'fixtures/gha');
const inputs = [
  ...readdirSync(tools)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(tools, f)),
  ...readdirSync(gha)
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(gha, f)),
];

function analyze(file: string, list: LogParser[]): string {
  const a = new LogAnalyzer({ parsers: list, maxDiagnostics: 100_000 });
  a.begin(file);
  a.write(readFileSync(file));
  return JSON.stringify(a.finish());
}

describe('line dispatch by interest', () => {
  const registry = Object.values(parsers) as LogParser[];
  const everyLine = registry.map((p) => ({ ...p, interest: undefined }));
  it.each(inputs.map((f) => [f.slice(f.lastIndexOf('fixtures/')), f]))(
    'gives every parser the lines it needs: %s',
    (_, file) => {
      expect(analyze(file, registry)).toBe(analyze(file, everyLine));
    },
  );
});

describe('line dispatch by beginnings and by the character after the indentation', () => {
  // The lines that start something for a parser whose interest names a beginning (`[gw`) or a
  // character after the spaces (`F` of `  File "…"`), behind every kind of indentation: spaces, a tab,
  // a no-break or thin space (white space to a regex's `\s`, so they must reach those parsers too).
  const starters = [
    'File "src/app.py", line 3',
    '--- FAIL: TestAdd (0.00s)',
    'FAIL  src/a.test.ts > adds [ src/a.test.ts ]',
    'Tests  1 failed | 2 passed (3)',
    'FAIL src/a.test.js',
    'PASS src/b.test.js (5.2 s)',
    '● Suite › adds',
    'LOGGING RETRY ERRORS  Suite adds',
    'RETRY 1',
    '3 passing (3m)',
    '1 failing',
    '1) suite',
    'ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile"',
    '✓ passes (3 ms)',
    '[gw0] [ 50%] FAILED tests/x.py::test_y',
    '[gw1] [100%] PASSED tests/x.py::test_z',
    '[*] 2 fixable with the `--fix` option.',
    '[warn] src/a.js',
    '[error] src/b.js: SyntaxError: Unexpected token (1:2)',
    '[{"filePath":"/w/a.js","messages":[{"ruleId":"no-var","severity":2,"message":"x","line":1,"column":1}]}]',
    '[',
    '[x] a checkbox',
  ];
  const indents = ['', ' ', '  ', '\t', ' \t', '\u00a0', ' \u00a0', ' \u2009', '      '];
  const body = [
    'SyntaxError: invalid syntax',
    '    at Object.<anonymous> (src/a.test.js:3:5)',
    'E   assert 1 == 2',
    'TypeError: boom',
    '',
    '   ',
  ];
  const lines = ['##[group]Run npx jest && pytest -n 2 && go test ./... && ruff check .', '##[endgroup]'];
  for (const indent of indents) for (const s of starters) lines.push(`${indent}${s}`, ...body);

  it('gives every parser the lines it needs, however a line is indented', () => {
    const registry = Object.values(parsers) as LogParser[];
    const everyLine = registry.map((p) => ({ ...p, interest: undefined }));
    const log = `${lines.join('\n')}\n`;
    const run = (list: LogParser[]) => {
      const a = new LogAnalyzer({ parsers: list, maxDiagnostics: 100_000 });
      a.begin('indents.log');
      a.write(Buffer.from(log));
      return a.finish();
    };
    const narrow = run(registry);
    expect(JSON.stringify(narrow)).toBe(JSON.stringify(run(everyLine)));
    // Not vacuous: the lines reached the parsers that name them.
    const sources = new Set(narrow.diagnostics.map((d) => d.source.name));
    for (const name of ['python', 'go', 'vitest', 'jest', 'mocha', 'pnpm', 'pytest', 'prettier', 'eslint'])
      expect(sources).toContain(name);
  });
});

describe('eslint interest', () => {
  // Recorded from eslint 10 `-f compact` on `const a = ;`: no rule, so the line ends with the message's
  // last character, and its only `:` before a digit is compact's own `: line 1`.
  const compact = '/tmp/eslc/bad.js: line 1, col 11, Error - Parsing error: Unexpected token ;';

  it('counts `path: line L` as located, so compact lines ending with any character reach eslint', () => {
    expect(isLocated(compact)).toBe(true);
    expect(isLocated('see the timeline below: line up')).toBe(false);
    const a = new LogAnalyzer();
    a.begin('compact.log');
    a.write(Buffer.from(['Run npx eslint -f compact .', compact, '', '1 problem', ''].join('\n')));
    expect(a.finish().diagnostics).toMatchObject([
      {
        source: { name: 'eslint' },
        message: 'Parsing error: Unexpected token ;',
        location: { path: '/tmp/eslc/bad.js', range: { start: { line: 1, column: 11 } } },
      },
    ]);
  });
});
