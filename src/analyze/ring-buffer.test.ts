import { describe, expect, it } from 'vitest';
import { LineRing } from './ring-buffer.js';

describe('LineRing', () => {
  it('returns the lines of a range still held, after wrapping around', () => {
    const ring = new LineRing(4);
    for (let no = 1; no <= 10; no++) ring.push(no, `line ${no}`);
    expect(ring.range(8, 9)).toEqual({ first: 8, text: ['line 8', 'line 9'] });
    // Lines 1-6 are gone: only the held part of the range comes back.
    expect(ring.range(5, 8)).toEqual({ first: 7, text: ['line 7', 'line 8'] });
    expect(ring.range(10, 20)).toEqual({ first: 10, text: ['line 10'] });
    expect(ring.range(1, 3)).toEqual({ first: 0, text: [] });
  });

  it('finds lines that were not numbered one by one', () => {
    const ring = new LineRing(8);
    for (const no of [3, 5, 6, 9]) ring.push(no, `line ${no}`);
    expect(ring.range(4, 6)).toEqual({ first: 5, text: ['line 5', 'line 6'] });
    expect(ring.range(1, 9)).toEqual({ first: 3, text: ['line 3', 'line 5', 'line 6', 'line 9'] });
  });

  it('is empty after clear', () => {
    const ring = new LineRing(4);
    ring.push(1, 'a');
    ring.clear();
    expect(ring.range(1, 1)).toEqual({ first: 0, text: [] });
  });
});
