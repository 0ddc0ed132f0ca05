import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripAnsi, stripAnsiByRegex } from './clean-line.js';

describe('stripAnsi', () => {
  it('removes colours, OSC hyperlinks and cut escapes as the regex does', () => {
    const cases = [
      '\x1b[1m\x1b[91mF401\x1b[0m [*] `os` imported',
      '\x1b]8;;https://x.dev\x07link\x1b]8;;\x07 after',
      '\x1b]0;title\x1b\\text',
      'cut at the end \x1b[38;5',
      'lone \x1b escape and \x1bq odd one',
      '\x1b\x1b[31mred\x1b[0m',
      '\x1b(B charset, \x1b7 save',
      'no escapes at all',
    ];
    for (const c of cases) expect(stripAnsi(c)).toBe(stripAnsiByRegex(c));
    expect(stripAnsi('\x1b[1m\x1b[91mF401\x1b[0m msg')).toBe('F401 msg');
  });

  it('agrees with the regex on any mix of text and escape fragments', () => {
    const piece = fc.constantFrom(
      '\x1b',
      '[',
      ']',
      '\\',
      '\x07',
      '31',
      ';',
      'm',
      ' ',
      '!',
      '~',
      '\x7f',
      'x',
      'é',
      '\x1b[',
      '\x1b]',
      '\x1b[0m',
      '8;;',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const s = parts.join('');
        expect(stripAnsi(s)).toBe(stripAnsiByRegex(s));
      }),
      { numRuns: 5000 },
    );
  });
});
