import { describe, expect, it } from 'vitest';
import { braceAssertions, braceLanguageOf, braceTokens } from './brace-tokens.js';

const same = (a: string, b: string, language: 'go' | 'rust' | 'json') =>
  expect(braceTokens(a, language)).toEqual(braceTokens(b, language));
const differ = (a: string, b: string, language: 'go' | 'rust' | 'json') =>
  expect(braceTokens(a, language)).not.toEqual(braceTokens(b, language));

describe('braceTokens: Go', () => {
  it('whitespace, comments and the order gofmt sorts imports in do not count', () => {
    same(
      'package a\nimport (\n\t"os"\n\tf "fmt"\n)\n// doc\nfunc F() {x:=1;_ = x}\n',
      'package a\n\nimport (\n\tf "fmt"\n\t"os"\n)\n\n/* doc */\nfunc F() {\n\tx := 1\n\t_ = x\n}\n',
      'go',
    );
    same('v := 0X1F + 1E3', 'v := 0x1f + 1e3', 'go');
  });

  it('operators are read whole, and literals, names and imports count', () => {
    differ('if a < -b {}', 'if a <- b {}', 'go');
    differ('s := `a  b`', 's := `a b`', 'go');
    differ('import (\n"os"\n)', 'import (\n"io"\n)', 'go');
    differ('import (\nf "fmt"\n)', 'import (\ng "fmt"\n)', 'go');
    differ('x := y', 'x := z', 'go');
    // A line break ends a Go statement: `return` then a call is not `return f()`.
    differ('return\nf()', 'return f()', 'go');
  });

  it('finds the assertions of a test', () => {
    const src =
      'func TestA(t *testing.T) {\n\tif got != 1 {\n\t\tt.Errorf("got %d", got)\n\t}\n\trequire.NoError(t, err)\n}';
    expect(braceAssertions(src, 'go')).toEqual([
      'I:t P:. I:Errorf P:( S:"got %d" P:, I:got P:)',
      'I:require P:. I:NoError P:( I:t P:, I:err P:)',
    ]);
  });
});

describe('braceTokens: Rust', () => {
  it('trailing commas, re-wrapping, nested comments and the order of `use` do not count', () => {
    same(
      'use std::{io, fmt::{self, Display}};\nuse crate::a;\nfn f() { assert_eq!(a, b, "msg",); } /* x /* y */ z */',
      'use crate::a;\nuse std::fmt::{self, Display};\nuse std::io;\n\nfn f() {\n    assert_eq!(\n        a,\n        b,\n        "msg"\n    );\n}\n',
      'rust',
    );
  });

  it("a match arm's or a closure's expression in braces or not does not count; a statement does", () => {
    same(
      'match x { A => { f(a) } B => { g() }, C => h }; v.map(|x| { x + 1 }); w(|| { 2 })',
      'match x {\n    A => f(a),\n    B => g(),\n    C => h,\n};\nv.map(|x| x + 1);\nw(|| 2)',
      'rust',
    );
    differ('match x { A => { f(a); } }', 'match x { A => f(a) }', 'rust');
    same(
      'if a { return Err(e) } else { continue }',
      'if a {\n    return Err(e);\n} else {\n    continue;\n}',
      'rust',
    );
  });

  it('reads raw strings, byte strings, chars and lifetimes', () => {
    expect(braceTokens(`let s = r#"a "quoted" } b"#; let c = '}'; fn f<'a>(x: &'a str) {}`, 'rust')).toEqual(
      expect.arrayContaining(['S:r#"a "quoted" } b"#', "S:'}'", "S:'a"]),
    );
    same('let b = b"x";', 'let b =\n    b"x";', 'rust');
    differ('let s = r"a b";', 'let s = r"a  b";', 'rust');
  });

  it('a changed path, a `pub`, a name or a macro counts', () => {
    differ('use a::b;', 'use a::c;', 'rust');
    differ('use a::b;', 'pub use a::b;', 'rust');
    differ('use a::b as c;', 'use a::b as d;', 'rust');
    differ('x..=y', 'x..y', 'rust');
    same('fn f(v: Vec<Vec<u8>>) {}', 'fn f(\n    v: Vec<\n        Vec<u8>,\n    >,\n) {}', 'rust');
    differ('fn f() -> u8 { x; }', 'fn f() -> u8 { x }', 'rust');
    expect(braceAssertions('fn t() { assert!(x > 1); debug_assert_ne!(a, b); }', 'rust')).toEqual([
      'I:assert P:! P:( I:x P:> N:1 P:)',
      'I:debug_assert_ne P:! P:( I:a P:, I:b P:)',
    ]);
  });
});

describe('braceTokens: JSON', () => {
  it('layout and trailing commas do not count; values and keys do', () => {
    same(
      '{"a": [1, 2,], "b": {"c": null}}',
      '{\n  "a": [\n    1,\n    2\n  ],\n  "b": { "c": null }\n}\n',
      'json',
    );
    differ('{"a": 1}', '{"a": 2}', 'json');
    differ('{"a": "x y"}', '{"a": "x  y"}', 'json');
  });

  it('knows its languages by file name, and throws on what it cannot read', () => {
    expect(['a.go', 'b.rs', 'c.json', 'tsconfig.jsonc', 'd.ts'].map(braceLanguageOf)).toEqual([
      'go',
      'rust',
      'json',
      'json',
      undefined,
    ]);
    for (const [src, language] of [
      ['"open', 'json'],
      ['/* open', 'go'],
      ['use a::{b;', 'rust'],
      ['import ("os" f)', 'go'],
    ] as const)
      expect(() => braceTokens(src, language)).toThrow();
  });
});
