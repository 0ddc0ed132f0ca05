import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../domain/index.js';
import { parseHunks } from './diff-hunks.js';
import { assertionsRewrittenByRules } from './rule-rewrites.js';

const isAssertion = (l: string) => /\bassert\b|expect\(/.test(l);

/** A finding of `code` at `line` of tests/test_app.py. */
const finding = (code: string, line: number, path = 'tests/test_app.py'): Diagnostic => ({
  message: 'x',
  severity: 'error',
  source: { name: 'ruff' },
  code: { value: code },
  location: { path, range: { start: { line } } },
  log: { step: '', lines: [1, 1] },
  category: 'lint',
  fixability: 'deterministic',
});

/** The hunks of a one-line change at `line`. */
function hunksOf(line: number, from: string, to: string, path = 'tests/test_app.py') {
  const patch = [`diff --git a/${path} b/${path}`, `@@ -${line},1 +${line},1 @@`, `-${from}`, `+${to}`].join(
    '\n',
  );
  return parseHunks(patch).get(path)!;
}

const ok = (from: string, to: string, code: string, at = 7, line = 7) =>
  assertionsRewrittenByRules(hunksOf(line, from, to), [finding(code, at)], isAssertion);

describe('assertions changed exactly as the targeted rule asks', () => {
  it('E712: == True → is True, or the truth test itself', () => {
    expect(ok('    assert flag == True', '    assert flag is True', 'E712')).toBe(true);
    expect(ok('    assert flag == True', '    assert flag', 'E712')).toBe(true);
    expect(ok('    assert done != False', '    assert done is not False', 'E712')).toBe(true);
    expect(ok('    assert flag == False', '    assert not flag', 'E712')).toBe(true);
  });

  it('E711 and E721, F632, E713 and E714, and eslint eqeqeq', () => {
    expect(ok('    assert x == None', '    assert x is None', 'E711')).toBe(true);
    expect(ok('    assert type(x) == int', '    assert isinstance(x, int)', 'E721')).toBe(true);
    expect(ok('    assert type(x) == int', '    assert type(x) is int', 'E721')).toBe(true);
    expect(ok('    assert type(f(x)) != str', '    assert not isinstance(f(x), str)', 'E721')).toBe(true);
    expect(ok('    assert x is 1', '    assert x == 1', 'F632')).toBe(true);
    expect(ok('    assert not k in d', '    assert k not in d', 'E713')).toBe(true);
    expect(ok('    assert not a is b', '    assert a is not b', 'E714')).toBe(true);
    expect(ok('  expect(a == b).toBe(true);', '  expect(a === b).toBe(true);', 'eqeqeq')).toBe(true);
  });

  it('refused: a loosened, re-targeted or removed assertion, another rule, or another line', () => {
    expect(ok('    assert flag == True', '    assert flag is not None', 'E712')).toBe(false);
    expect(ok('    assert type(x) == int', '    assert isinstance(x, (int, str))', 'E721')).toBe(false);
    expect(ok('    assert total(2) == 4', '    assert total(2) == 5', 'E712')).toBe(false);
    expect(ok('    assert flag == True', '    assert flag is True', 'F401')).toBe(false);
    expect(ok('    assert flag == True', '    assert flag is True', 'E712', 3)).toBe(false);
    const removed = parseHunks(
      ['diff --git a/t.py b/t.py', '@@ -7,1 +6,0 @@', '-    assert flag == True'].join('\n'),
    ).get('t.py')!;
    expect(assertionsRewrittenByRules(removed, [finding('E712', 7, 't.py')], isAssertion)).toBe(false);
  });
});
