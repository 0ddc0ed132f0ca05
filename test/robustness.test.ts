import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsers } from '../src/tools/index.js';
import { analyzeText } from './helpers/analyze.js';

/**
 * Any input, however hostile, is analysed: never a throw, never a hang, memory bounded. The timeouts
 * here guard against hangs (catastrophic backtracking would take minutes); speed is measured in bench/.
 */
const TOOLISH = [
  'pkg/a.py:1:2: F401 `os` imported but unused',
  'src/x.ts(3,4): error TS2304: Cannot find name',
  '  1:2  error  Missing semicolon  semi',
  'Traceback (most recent call last):',
  '  File "a.py", line 3, in f',
  'ValueError: x',
  '=== FAILURES ===',
  '___ test_x ___',
  'E   assert 1 == 2',
  '##[group]Run ruff check .',
  '##[error]Process completed with exit code 1.',
  '::error file=a.py,line=1::boom',
  'npm error code ERESOLVE',
  '--- FAIL: TestX (0.00s)',
  'error[E0425]: cannot find value `y`',
  ' --> src/main.rs:5:20',
  '[',
  ']',
  '[{"filePath":',
];

describe('robustness', () => {
  it('random bytes never throw and always produce a well-formed analysis', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.integer({ min: 1, max: 64 }), (bytes, chunk) => {
        const a = analyzeText(bytes, {}, chunk);
        expect(a.summary.bytes).toBe(bytes.length);
        for (const d of a.diagnostics) expect(d.log.lines[0]).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('random mixes of tool-looking lines never throw; line numbers stay inside the input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...TOOLISH), fc.string({ maxLength: 80 })), { maxLength: 200 }),
        (lines) => {
          const text = lines.join('\n');
          const a = analyzeText(text, {}, 7);
          // As `wc -l` counts, plus a last line without its newline (what `sed -n` shows).
          const count = text.split('\n').length - 1 + (text === '' || text.endsWith('\n') ? 0 : 1);
          expect(a.summary.lines).toBe(count);
          for (const d of a.diagnostics) expect(d.log.lines[1]).toBeLessThanOrEqual(count);
          for (const e of a.excerpts) expect(e.lines[1]).toBeLessThanOrEqual(count);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a 10 MB single line is cut for parsing, counted, and the lines after it are still read', () => {
    const text = `${'x'.repeat(10 * 1024 * 1024)}\npkg/a.py:1:8: F401 [*] \`os\` imported but unused\n`;
    const a = analyzeText(text);
    expect(a.summary.truncated_lines).toBe(1);
    expect(a.summary.lines).toBe(2);
    expect(a.diagnostics).toHaveLength(1);
    expect(a.diagnostics[0]!.log.lines).toEqual([2, 2]);
  }, 30_000);

  it('deeply nested ANSI escapes are stripped', () => {
    const open = '\x1b[1m\x1b[31m\x1b[4m'.repeat(20_000);
    const a = analyzeText(
      `${open}pkg/a.py:3:1: E302 expected 2 blank lines, found 1${'\x1b[0m'.repeat(60_000)}\n`,
    );
    expect(a.diagnostics.map((d) => d.message)).toEqual(['expected 2 blank lines, found 1']);
  }, 30_000);

  // Inputs shaped to make a backtracking regex explode: long runs of the characters each pattern
  // repeats (colons, digits, spaces, parentheses, brackets) with no terminator.
  const adversarial = [
    ':'.repeat(200_000),
    'a:'.repeat(100_000),
    `${'1:'.repeat(100_000)}x`,
    `x${' '.repeat(200_000)}y`,
    `  1:2${' '.repeat(200_000)}error`,
    `${'('.repeat(100_000)}1,2): error TS1: x`,
    `error: cannot format ${'a: '.repeat(60_000)}`,
    `FAILED ${'x::'.repeat(60_000)}`,
    `::error ${'a=b,'.repeat(50_000)}`,
    `${'_'.repeat(200_000)} x`,
    `${'='.repeat(200_000)} in 1s`,
    `File "${'"'.repeat(100_000)}`,
    `at ${'('.repeat(100_000)}`,
    `[ERROR] ${'['.repeat(100_000)}`,
    `${'a.go:'.repeat(40_000)}1: x`,
  ];
  for (const [i, line] of adversarial.entries()) {
    it(`adversarial line ${i + 1} (${line.slice(0, 12).replace(/\s/g, '␠')}…) does not hang any parser`, () => {
      const a = analyzeText(`${line}\n${line}\n`);
      expect(a.summary.lines).toBe(2);
    }, 10_000);
  }

  it('every parser survives an empty step and a step of only blank lines', () => {
    for (const p of Object.values(parsers)) {
      const s = p.create({ diagnostic: () => {}, testRun: () => {} });
      s.end();
      const s2 = p.create({ diagnostic: () => {}, testRun: () => {} });
      for (let i = 1; i < 5; i++) s2.line({ text: '', no: i, step: 's', located: false });
      s2.end();
    }
  });

  it('memory stays bounded: diagnostics past the cap are counted, not kept', () => {
    const lines = Array.from(
      { length: 20_000 },
      (_, i) => `pkg/a.py:${i + 1}:1: F401 'os' imported but unused`,
    );
    const a = analyzeText(lines.join('\n'), { maxDiagnostics: 1000 });
    expect(a.diagnostics).toHaveLength(1000);
    expect(a.summary.dropped).toBe(19_000);
    expect(a.summary.warnings.join()).toContain('19000 diagnostic(s) past the first 1000');
  });
});
