import { isAscii } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanBytes, decodeLine } from './clean-bytes.js';
import { LineSplitter } from './line-splitter.js';
import { LINE_PIECES, piecesToBytes, referenceClean } from './test-pieces.js';

function split(input: string | Buffer, chunk: number, maxLine = 1024) {
  const lines: Array<[number, string]> = [];
  const s = new LineSplitter((b, s, e, ascii, _esc, n) => lines.push([n, decodeLine(b, s, e, ascii)]), {
    maxLine,
  });
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  for (let i = 0; i < bytes.length; i += chunk) s.write(bytes.subarray(i, i + chunk));
  s.end();
  return { lines, truncated: s.truncated, bytes: s.bytes };
}

describe('LineSplitter', () => {
  it('numbers lines as sed does, whatever the chunk size, including a last line without newline', () => {
    const text = 'a\r\nbb\n\nccc\nlast';
    for (const chunk of [1, 2, 3, 5, 64]) {
      expect(split(text, chunk).lines).toEqual([
        [1, 'a'],
        [2, 'bb'],
        [3, ''],
        [4, 'ccc'],
        [5, 'last'],
      ]);
    }
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const text = 'héllo ✨ wörld\n●  done\n';
    for (const chunk of [1, 2, 3, 7])
      expect(split(text, chunk).lines.map(([, t]) => t)).toEqual(['héllo ✨ wörld', '●  done']);
  });

  it('cuts a line longer than maxLine, counts it, and keeps going', () => {
    const text = `${'x'.repeat(5000)}\nnext\n`;
    for (const chunk of [100, 4096, 10_000]) {
      const r = split(text, chunk, 1000);
      expect(r.lines.map(([n, t]) => [n, t.length])).toEqual([
        [1, 1000],
        [2, 4],
      ]);
      expect(r.truncated).toBe(1);
      expect(r.bytes).toBe(Buffer.byteLength(text));
    }
  });
});

/** Each line as the analyzer gets it, cleaned (clean-bytes.ts), beside the reference's text for it. */
function splitClean(bytes: Buffer, chunk: number, maxLine = 1024) {
  const out: Array<{ no: number; cleaned: string; expected: string }> = [];
  const s = new LineSplitter(
    (b, start, end, ascii, esc, no) => {
      const line = b.subarray(start, end);
      // The sink's ascii flag must be true only for ASCII bytes (latin1 decoding is right only then).
      if (ascii) expect(isAscii(line)).toBe(true);
      out.push({ no, cleaned: cleanBytes(b, start, end, ascii, esc), expected: referenceClean(line) });
    },
    { maxLine },
  );
  for (let i = 0; i < bytes.length; i += chunk) s.write(bytes.subarray(i, i + chunk));
  s.end();
  return { lines: out, truncated: s.truncated };
}

describe('LineSplitter with cleanBytes', () => {
  it('cleans the lines of a job log: stamp, colours, CRs, hyperlinks', () => {
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
    for (const chunk of [7, 64, 1 << 16]) {
      const { lines } = splitClean(log, chunk);
      expect(lines.map((l) => l.cleaned)).toEqual([
        '##[group]Run pytest -v',
        'PASSED tests/test_a.py::test_x',
        '  ✓ sets the header',
        'long line without escapes, '.repeat(10),
        'no stamp link',
        'link',
      ]);
    }
  });

  it('cuts lines over maxLine, also lines longer than a read buffer, from any chunking', () => {
    const long = 'x'.repeat((1 << 20) + 5000);
    const text = Buffer.from(`a\n${long}\n${'y'.repeat(3000)}\r\nb\n`);
    for (const chunk of [4096, 300_000, text.length]) {
      const { lines, truncated } = splitClean(text, chunk, 2000);
      expect(lines.map((l) => [l.no, l.cleaned.length])).toEqual([
        [1, 1],
        [2, 2000],
        [3, 2000],
        [4, 1],
      ]);
      expect(truncated).toBe(2);
    }
  });

  it('agrees with the reference on any mix of lines, stamps, escapes, CRs, BOMs and (broken) UTF-8', () => {
    const piece = fc.constantFrom(...LINE_PIECES, '\n', '\n', '0123456789abcdef', 'a.py:12:3', 'error');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 120 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 8, max: 64 }),
        (parts, chunk, maxLine) => {
          // Cut lines are cleaned from their first maxLine bytes.
          for (const l of splitClean(piecesToBytes(parts), chunk, maxLine).lines)
            expect(l.cleaned).toBe(l.expected);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
