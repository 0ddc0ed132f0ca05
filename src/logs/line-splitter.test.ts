import { describe, expect, it } from 'vitest';
import { decodeLine } from './clean-bytes.js';
import { LineSplitter } from './line-splitter.js';

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
