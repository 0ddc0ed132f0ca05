import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../domain/index.js';
import { trackGroup } from './finding-moves.js';

const at = (line: number, message = 'invalid syntax', path = 'app.py'): Diagnostic => ({
  message,
  severity: 'error',
  source: { name: 'mypy' },
  code: { value: 'syntax' },
  location: { path, range: { start: { line } } },
  log: { step: '', lines: [1, 1] },
  category: 'syntax',
  fixability: 'llm',
});

const BEFORE = ['def f(:', '    return 1', '', 'x = [1, 2', 'y = 3'];

function track(group: Diagnostic[], after: Diagnostic[], now: string[]) {
  return trackGroup(group, after, new Map([['app.py', BEFORE]]), () => now.join('\n'));
}

describe('where a finding went after an edit', () => {
  it('gone: fixed', () => {
    const r = track([at(1)], [], ['def f():', '    return 1', '', 'x = [1, 2]', 'y = 3']);
    expect(r.fixed).toHaveLength(1);
  });

  it('the same failure on other code (the old line now clean): moved, which is progress', () => {
    const r = track([at(1)], [at(4)], ['def f():', '    return 1', '', 'x = [1, 2', 'y = 3']);
    expect(r.moved.map((m) => m.to.location?.range?.start.line)).toEqual([4]);
    expect(r.still).toEqual([]);
  });

  it('the same failure at the same line, or on the same code shifted by an insertion: still there', () => {
    expect(track([at(4)], [at(4)], BEFORE).still).toHaveLength(1);
    const shifted = ['"""Docs."""', 'def f(:', '    return 1', '', 'x = [1, 2', 'y = 3'];
    expect(track([at(1)], [at(2)], shifted).still).toHaveLength(1);
  });

  it('another message is another failure: the finding counts as fixed, the other as new (elsewhere)', () => {
    const r = track([at(1)], [at(4, "'[' was never closed")], BEFORE);
    expect(r.fixed).toHaveLength(1);
  });
});
