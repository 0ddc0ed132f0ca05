import { isAscii } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanBytes, decodeLine } from './clean-bytes.js';
import { cleanLine } from './clean-line.js';
import { LINE_PIECES, piecesToBytes } from './test-pieces.js';

/** What the string path makes of the same bytes. */
const byString = (b: Buffer) => cleanLine(decodeLine(b, 0, b.length, isAscii(b)));
const byBytes = (b: Buffer, esc = b.indexOf(27)) => cleanBytes(b, 0, b.length, isAscii(b), esc);

describe('cleanBytes', () => {
  it('strips the timestamp and ANSI escapes on bytes, as cleanLine does on text', () => {
    const line = Buffer.from(
      '2026-03-04T10:15:03.1234567Z \x1b[1mpkg/a.py\x1b[0m:1:8: \x1b[31mF401\x1b[0m `os` imported\r',
    );
    expect(byBytes(line)).toBe('pkg/a.py:1:8: F401 `os` imported');
    expect(byBytes(Buffer.from('2026-03-04T10:15:03.1234567Z ✓ passes \x1b[32m(3 ms)\x1b[0m'))).toBe(
      '✓ passes (3 ms)',
    );
    expect(byBytes(Buffer.from('no stamp, no escape'))).toBe('no stamp, no escape');
  });

  it('leaves the string path what bytes cannot decide: a byte-order mark, a cut escape', () => {
    expect(byBytes(Buffer.from('\ufeff2026-03-04T10:15:03.1234567Z text'))).toBeUndefined();
    expect(byBytes(Buffer.from('2026-03-04T10:15:03.1234567Z \ufefftext'))).toBeUndefined();
    expect(byBytes(Buffer.from('cut at the end \x1b[38;5'))).toBeUndefined();
    // Invalid UTF-8 on both sides of an escape: joined, the halves would make a character.
    expect(byBytes(Buffer.from([0x61, 0xc3, 0x1b, 0x5b, 0x6d, 0xa9, 0x62]))).toBeUndefined();
  });

  it('finds escapes when the hint from the splitter points before the stamp is skipped', () => {
    const line = Buffer.from('2026-03-04T10:15:03.1234567Z a\x1b[0mb');
    expect(byBytes(line, 0)).toBe('ab');
  });

  it('agrees with cleanLine on any mix of stamps, escapes, CRs, BOMs and (broken) UTF-8', () => {
    const piece = fc.constantFrom(...LINE_PIECES);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const b = piecesToBytes(parts);
        const text = byBytes(b);
        if (text !== undefined) expect(text).toBe(byString(b));
      }),
      { numRuns: 20000 },
    );
  });
});
