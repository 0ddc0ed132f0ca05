import { isAscii, isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanBytes } from './clean-bytes.js';
import { LINE_PIECES, piecesToBytes, referenceClean } from './test-pieces.js';

const clean = (b: Buffer, esc = b.indexOf(27)) => cleanBytes(b, 0, b.length, isAscii(b), esc);
const text = (s: string) => clean(Buffer.from(s));

describe('cleanBytes', () => {
  it('strips the timestamp, ANSI escapes and a CR on bytes', () => {
    expect(
      text('2026-03-04T10:15:03.1234567Z \x1b[1mpkg/a.py\x1b[0m:1:8: \x1b[31mF401\x1b[0m `os` imported\r'),
    ).toBe('pkg/a.py:1:8: F401 `os` imported');
    expect(text('2026-03-04T10:15:03.1234567Z ✓ passes \x1b[32m(3 ms)\x1b[0m')).toBe('✓ passes (3 ms)');
    expect(text('2026-03-04T10:15:03Z short stamp')).toBe('short stamp');
    expect(text('no stamp, no escape')).toBe('no stamp, no escape');
  });

  it('removes colours, OSC hyperlinks and titles, two-byte escapes, cut and lone escapes', () => {
    const cases: Array<[string, string]> = [
      ['\x1b[1m\x1b[91mF401\x1b[0m [*] `os` imported', 'F401 [*] `os` imported'],
      ['\x1b]8;;https://x.dev\x07link\x1b]8;;\x07 after', 'link after'],
      ['\x1b]0;title\x1b\\text', 'text'],
      ['cut at the end \x1b[38;5', 'cut at the end '],
      ['lone \x1b escape and \x1bq odd one', 'lone  escape and q odd one'],
      ['\x1b\x1b[31mred\x1b[0m', 'red'],
      // A character-set designation goes (`tput sgr0` prints one after colours); `ESC 7` is two bytes.
      ['\x1b(B charset, \x1b7 save', ' charset, 7 save'],
      ['no escapes at all', 'no escapes at all'],
    ];
    for (const [raw, cleaned] of cases) {
      expect(text(raw)).toBe(cleaned);
      expect(referenceClean(Buffer.from(raw))).toBe(cleaned);
    }
  });

  it('removes byte-order marks, keeps text past ASCII, decodes broken UTF-8 as if escapes were there', () => {
    expect(text('\ufeff2026-03-04T10:15:03.1234567Z text')).toBe('text');
    expect(text('2026-03-04T10:15:03.1234567Z \ufefftext')).toBe('text');
    expect(text('é2026-03-04T10:15:03Z text')).toBe('é2026-03-04T10:15:03Z text');
    // Invalid UTF-8 on both sides of an escape: cutting the escape out does not join the halves.
    expect(clean(Buffer.from([0x61, 0xc3, 0x1b, 0x5b, 0x6d, 0xa9, 0x62]))).toBe('a\ufffd\ufffdb');
    expect(clean(Buffer.from([0x61, 0xc3, 0x1b, 0x5b, 0x33, 0xa9]))).toBe('a\ufffd[3\ufffd');
    // A character past ASCII only inside an escape: the text is ASCII.
    expect(text('\x1b]8;;https://example.dev/é\x07link\x1b]8;;\x07')).toBe('link');
  });

  it('finds escapes when the hint from the splitter points before the stamp is skipped', () => {
    expect(clean(Buffer.from('2026-03-04T10:15:03.1234567Z a\x1b[0mb'), 0)).toBe('ab');
  });
});

describe('cleanBytes against the regex reference', () => {
  it('agrees on any mix of stamps, escapes, CRs, BOMs and (broken) UTF-8', () => {
    const piece = fc.constantFrom(...LINE_PIECES);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const b = piecesToBytes(parts);
        expect(clean(b)).toBe(referenceClean(b));
      }),
      { numRuns: 20000 },
    );
  });

  it('agrees on any mix of text and escape fragments', () => {
    const piece = fc.constantFrom(
      ...['\x1b', '[', ']', '\\', '\x07', '31', ';', 'm', ' ', '!', '~', '\x7f', 'x', 'é', '\x1b['],
      ...['\x1b]', '\x1b[0m', '8;;'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const b = Buffer.from(parts.join(''));
        expect(clean(b)).toBe(referenceClean(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('decodes as UTF-8 does when it cuts escapes out of text past ASCII, valid or not', () => {
    const STAMP = Buffer.from('2026-03-04T10:15:03.1234567Z a\x1b[0m');
    const pool = [
      0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
      0xff, 0x1b,
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 40 }), (bytes) => {
        const line = Buffer.concat([STAMP, Buffer.from(bytes)]);
        const cleaned = clean(line);
        expect(cleaned).toBe(referenceClean(line));
        if (isUtf8(line)) expect(Buffer.from(cleaned).every((c) => c !== 0x1b)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
