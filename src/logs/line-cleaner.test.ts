import { spawnSync } from 'node:child_process';
import { isAscii, isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine } from './clean-bytes.js';
import { cleanLine } from './clean-line.js';
import { isLocated } from '../domain/index.js';
import { MAYBE_INTERESTING } from './failure-keywords.js';
import { HINT, WINDOW } from './line-cleaner.js';
import { LineSplitter } from './line-splitter.js';
import { LINE_PIECES, piecesToBytes } from './test-pieces.js';

/**
 * Each line as the sink gets it: the text the splitter's LineCleaner made (or, for a line it left to
 * JavaScript, undefined) beside what the string path makes of the same raw bytes.
 */
function splitClean(bytes: Buffer, chunk: number, maxLine = 1024) {
  const out: Array<{ no: number; cleaned: string | undefined; expected: string; hints: number }> = [];
  const s = new LineSplitter(
    (b, start, end, ascii, _esc, no, cleaned, hints = 0) => {
      const raw = decodeLine(b, start, end, isAscii(b.subarray(start, end)));
      // The sink's ascii flag must be true only for ASCII bytes (latin1 decoding is right only then).
      if (ascii) expect(isAscii(b.subarray(start, end))).toBe(true);
      out.push({ no, cleaned, expected: cleanLine(raw), hints });
    },
    { maxLine },
  );
  for (let i = 0; i < bytes.length; i += chunk) s.write(bytes.subarray(i, i + chunk));
  s.end();
  return { lines: out, truncated: s.truncated };
}

describe('LineCleaner (WebAssembly)', () => {
  it('is the build of clean-lines.wat (rebuild: node scripts/build-wasm.mjs)', () => {
    const root = join(import.meta.dirname, '../..');
    const check = spawnSync(process.execPath, [join(root, 'scripts/build-wasm.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(check.status, check.stderr).toBe(0);
  });

  it('cleans the lines of a job log as cleanLine does: stamp, colours, CRs', () => {
    const log = Buffer.from(
      [
        '2026-03-04T10:15:01.1234567Z ##[group]Run pytest -v',
        '2026-03-04T10:15:02.1234567Z \x1b[32mPASSED\x1b[0m tests/test_a.py::test_x\r',
        '2026-03-04T10:15:03.1234567Z   \x1b[32m✓\x1b[0m\x1b[90m sets the header\x1b[0m',
        '2026-03-04T10:15:04.1234567Z ' + 'long line without escapes, '.repeat(10),
        'no stamp \x1b]8;;https://example.dev\x07link\x1b]8;;\x07',
        // a character past ASCII only inside an escape: the text is ASCII, the line's bytes are not
        '2026-03-04T10:15:05.1234567Z \x1b]8;;https://example.dev/é\x07link\x1b]8;;\x07',
        '',
      ].join('\n'),
    );
    const { lines } = splitClean(log, 1 << 16);
    expect(lines.map((l) => l.cleaned)).toEqual([
      '##[group]Run pytest -v',
      'PASSED tests/test_a.py::test_x',
      '  ✓ sets the header',
      'long line without escapes, '.repeat(10),
      'no stamp link',
      'link',
    ]);
  });

  it('says what isLocated and the failure keywords say of a line, at their limits', () => {
    const cases = [
      'a:b:c:d:e:f:g:h:1', // the 8th `:` is still looked at
      'a:b:c:d:e:f:g:h:i:1', // the 9th is not
      '(a(b(c(1',
      '(a(b(c(d(1',
      'x: line 3',
      'x: line x',
      'x: lines 3',
      'x: line ',
      '✓ sets the header',
      'ends with a colon:',
      'xit status',
      'exit status',
      'exit stat',
      'No space lef',
      'No space left',
      'Segmentatio',
      'Segmentation',
      '\x1b[31m✖\x1b[0m 2 problems',
      '×',
    ];
    // As in a job log: after the runner's timestamp (text past ASCII where one could be is JavaScript's).
    const log = cases.map((c) => `2026-03-04T10:15:03.1234567Z ${c}\n`).join('');
    const { lines } = splitClean(Buffer.from(log), 1 << 16);
    expect(lines.every((l) => (l.hints & HINT.KNOWN) !== 0)).toBe(true);
    expect(lines.map((l) => (l.hints & HINT.LOCATED) !== 0)).toEqual(lines.map((l) => isLocated(l.expected)));
    expect(lines.map((l) => (l.hints & HINT.MAYBE_FAILURE) !== 0)).toEqual(
      lines.map((l) => MAYBE_INTERESTING.test(l.expected)),
    );
    expect(lines.filter((l) => (l.hints & HINT.LOCATED) !== 0).length).toBe(3);
    // A runner command's text is changed by the step tracker: no hints for it.
    const command = splitClean(Buffer.from('##[error]panic: boom\n::error::x:1\n'), 64).lines;
    expect(command.map((l) => l.hints & HINT.KNOWN)).toEqual([0, 0]);
  });

  it('leaves JavaScript the lines only the string path decides', () => {
    const cases = [
      '\ufeff2026-03-04T10:15:03.1234567Z text', // a byte-order mark first
      '2026-03-04T10:15:03.1234567Z \ufefftext', // and after the stamp
      'cut at the end \x1b[38;5', // a cut escape
      'é2026-03-04T10:15:03Z text', // non-ASCII where a stamp could be
    ];
    const { lines } = splitClean(Buffer.from(cases.join('\n') + '\n'), 1 << 16);
    expect(lines.map((l) => l.cleaned)).toEqual([undefined, undefined, undefined, undefined]);
    // Broken UTF-8 on both sides of an escape: JavaScript's check says no.
    const broken = Buffer.from([0x61, 0xc3, 0x1b, 0x5b, 0x6d, 0xa9, 0x62, 0x0a]);
    expect(splitClean(broken, 64).lines[0]!.cleaned).toBeUndefined();
  });

  it('validates UTF-8 as isUtf8 does when it cuts escapes out of non-ASCII text', () => {
    const STAMP = Buffer.from('2026-03-04T10:15:03.1234567Z a\x1b[0m');
    const pool = [
      0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
      0xff,
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 40 }), (bytes) => {
        const text = Buffer.from(bytes);
        const line = Buffer.concat([STAMP, text, Buffer.from('\n')]);
        const [l] = splitClean(line, 1 << 16).lines;
        const valid = isUtf8(Buffer.concat([Buffer.from('a'), text]));
        expect(l!.cleaned !== undefined).toBe(valid || isAscii(text));
        if (l!.cleaned !== undefined) expect(l!.cleaned).toBe(l!.expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('cuts lines over maxLine and reads lines longer than its window, from any chunking', () => {
    const long = 'x'.repeat(WINDOW + 5000);
    const text = Buffer.from(`a\n${long}\n${'y'.repeat(3000)}\r\nb\n`);
    for (const chunk of [4096, 300_000, text.length]) {
      const { lines, truncated } = splitClean(text, chunk, 2000);
      expect(lines.map((l) => [l.no, l.expected.length])).toEqual([
        [1, 1],
        [2, 2000],
        [3, 2000],
        [4, 1],
      ]);
      expect(truncated).toBe(2);
      for (const l of lines) if (l.cleaned !== undefined) expect(l.cleaned).toBe(l.expected);
    }
  });

  it('agrees with cleanLine, isLocated and the failure keywords on any mix of lines, stamps, escapes, CRs, BOMs and (broken) UTF-8', () => {
    const piece = fc.constantFrom(
      ...LINE_PIECES,
      // several lines, and runs long enough for 16-byte blocks
      '\n',
      '\n',
      '0123456789abcdef',
      // what isLocated and the failure keywords look for, whole and in part
      ':1',
      ': line 3',
      ' line ',
      '(2',
      '(',
      'a.py:12:3',
      'error',
      'Error',
      'rror',
      'RROR',
      'E',
      'e',
      'f',
      'xception',
      'xit code',
      'xit status 2',
      'FAIL',
      'ail',
      'atal',
      'ATAL',
      'panic',
      'Traceback',
      'Killed',
      'Segmentation',
      'timed out',
      'No space left',
      '✖',
      '✕',
      '×',
      '#',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 120 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 8, max: 64 }),
        (parts, chunk, maxLine) => {
          const { lines } = splitClean(piecesToBytes(parts), chunk, maxLine);
          for (const l of lines) {
            // Cut lines are cleaned from their first maxLine bytes, as before.
            if (l.cleaned === undefined) continue;
            expect(l.cleaned).toBe(l.expected);
            if ((l.hints & HINT.KNOWN) === 0) continue;
            expect((l.hints & HINT.LOCATED) !== 0, l.expected).toBe(isLocated(l.expected));
            expect((l.hints & HINT.MAYBE_FAILURE) !== 0, l.expected).toBe(MAYBE_INTERESTING.test(l.expected));
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
