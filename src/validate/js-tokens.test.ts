import { describe, expect, it } from 'vitest';
import { jsAssertions, jsTokens } from './js-tokens.js';

describe('jsTokens: code, not layout', () => {
  it('quotes, semicolons, trailing commas, whitespace and comments do not count', () => {
    expect(jsTokens("const a = {x: 'it\\'s', y: [1, 2,],}; // note")).toEqual(
      jsTokens('const a = {\n  x: "it\'s",\n  y: [1, 2],\n} /* layout */'),
    );
  });

  it('numbers compare by value; identifiers, operators and string contents do count', () => {
    expect(jsTokens('x = 0XFF + 1E3')).toEqual(jsTokens('x = 0xff + 1e3'));
    expect(jsTokens('a === b')).not.toEqual(jsTokens('a !== b'));
    expect(jsTokens("f('a b')")).not.toEqual(jsTokens("f('a  b')"));
  });

  it('tells a regular expression from a division, and reads templates with nested braces', () => {
    expect(jsTokens('a = b / c / d')).toEqual(['I:a', 'P:=', 'I:b', 'P:/', 'I:c', 'P:/', 'I:d']);
    expect(jsTokens('r = /[/\'"]+/g.test(s)')).toContain('R:/[/\'"]+/g');
    expect(jsTokens('t = `a ${ {x: `b${c}`}.x } d`; e')).toEqual([
      'I:t',
      'P:=',
      'T:`a ${ {x: `b${c}`}.x } d`',
      'I:e',
    ]);
  });

  it('terminates on unterminated strings, comments, templates and regexes', () => {
    for (const s of ["'abc", '/* open', '`a ${b', 'x = /abc', '"\\'])
      expect(Array.isArray(jsTokens(s))).toBe(true);
  });
});

describe('jsAssertions', () => {
  it('each expect/assert chain, wherever the lines break', () => {
    const code = [
      "test('t', async () => {",
      '  expect(sum(1, 2)).toBe(3);',
      '  await expect(',
      '    load("x"),',
      '  ).rejects.toThrow(/missing/);',
      '  assert.equal(a, 1)',
      '  helper(expectations)',
      '})',
    ].join('\n');
    expect(jsAssertions(code)).toEqual([
      'I:expect P:( I:sum P:( N:1 P:, N:2 P:) P:) P:. I:toBe P:( N:3 P:)',
      'I:expect P:( I:load P:( S:x P:) P:) P:. I:rejects P:. I:toThrow P:( R:/missing/ P:)',
      'I:assert P:. I:equal P:( I:a P:, N:1 P:)',
    ]);
  });
});
