import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../src/analyze/log-analyzer.js';
import { isLocated } from '../src/domain/index.js';
import { parsers, type LogParser } from '../src/parsers/index.js';

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
