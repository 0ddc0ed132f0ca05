import { beforeAll, describe, expect, it } from 'vitest';
import {
  definitionOf,
  enclosingDefinition,
  excerptLadder,
  importRange,
  initSyntax,
  lineWindow,
  statementRange,
} from './index.js';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

beforeAll(async () => {
  expect(await initSyntax()).toBe(true);
});

const PY = [
  'import os', //                                    1
  'from typing import Any', //                       2
  '', //                                             3
  'def helper(x: int) -> int:', //                   4
  '    return x + 1', //                             5
  '', //                                             6
  'ITEMS = [', //                                    7
  '    "apple",', //                                 8
  '    helper("pear"),', //                          9
  '    "plum",', //                                  10
  ']', //                                            11
  '', //                                             12
  'class Store:', //                                 13
  '    """Keeps values."""', //                      14
  '', //                                             15
  '    @property', //                                16
  '    def size(self) -> int:', //                   17
  '        total = sum(', //                         18
  '            len(v) for v in self.data', //        19
  '        )', //                                    20
  '        return str(total)', //                    21
  '', //                                             22
  '    def put(self, key: str) -> None:', //         23
  '        self.data[key] = key', //                 24
].join('\n');

describe('syntax: Python', () => {
  it('a finding in a module-level list after a function: the whole statement, not the function before it', () => {
    const at = lineOf(PY, 'helper("pear")');
    expect(enclosingDefinition('shop.py', PY, at)).toBeUndefined();
    expect(statementRange('shop.py', PY, at)).toEqual({ from: 7, to: 11, kind: 'statement' });
    const ladder = excerptLadder('shop.py', PY, at);
    expect(ladder[ladder.length - 1]).toEqual({ from: 7, to: 11, kind: 'statement' });
    expect(ladder.some((r) => r.from <= 4 && r.to >= 5)).toBe(false);
  });

  it('the enclosing method with its decorator; statements inside it, smallest first', () => {
    const at = lineOf(PY, 'len(v) for v');
    expect(enclosingDefinition('shop.py', PY, at)).toEqual({
      from: 16,
      to: 21,
      kind: 'definition',
      label: 'function size',
    });
    expect(statementRange('shop.py', PY, at)).toEqual({ from: 18, to: 20, kind: 'statement' });
    // A unit with the same lines as the one inside it is given once, as the outer one.
    expect(excerptLadder('shop.py', PY, at).map((r) => [r.kind, r.from, r.to])).toEqual([
      ['statement', 18, 20],
      ['definition', 16, 21],
    ]);
    const call =
      'CONFIG = dict(\n    name="x",\n    options={\n        "a": 1,\n        "b": 2,\n    },\n)\n';
    expect(excerptLadder('conf.py', call, 4).map((r) => [r.kind, r.from, r.to])).toEqual([
      ['bracket', 3, 6],
      ['statement', 1, 7],
    ]);
    // The class body between methods belongs to the class.
    expect(enclosingDefinition('shop.py', PY, 15)).toMatchObject({ from: 13, to: 24, label: 'class Store' });
  });

  it('the import block, and a named definition, whole or its first complete members', () => {
    expect(importRange('shop.py', PY)).toEqual({ from: 1, to: 2 });
    expect(definitionOf('shop.py', PY, 'helper', 25)).toEqual({ from: 4, to: 5 });
    expect(definitionOf('shop.py', PY, 'put', 25)).toEqual({ from: 23, to: 24 });
    // Longer than 8 lines: the header and the members that end by line 13 + 7, not a cut method.
    expect(definitionOf('shop.py', PY, 'Store', 8)).toEqual({ from: 13, to: 14 });
    expect(definitionOf('shop.py', PY, 'Missing', 25)).toBeUndefined();
  });

  it('a line the parser could not read gets a window of lines', () => {
    const broken = ['def ok():', '    return 1', '', 'x = (1, 2', 'y = [3, 4', '', 'z = 5'].join('\n');
    expect(excerptLadder('bad.py', broken, 4)).toEqual([lineWindow(7, 4)]);
    expect(enclosingDefinition('bad.py', broken, 2)).toMatchObject({ from: 1, to: 2, kind: 'definition' });
  });
});

const TS = [
  "import { a } from './a.js';", //                  1
  "import type { B } from './b.js';", //             2
  '', //                                             3
  '/** Totals a cart. */', //                        4
  'export function total(x: number): string {', //  5
  '  const y = x * 2;', //                           6
  '  return y;', //                                  7
  '}', //                                            8
  '', //                                             9
  'export const ROUTES = [', //                      10
  "  { path: '/a', handler: a },", //                11
  "  { path: '/b', handler: total },", //           12
  '];', //                                           13
  '', //                                             14
  'export const greet = (name: string): number => {', // 15
  '  return `hi ${name}`;', //                       16
  '};', //                                           17
  '', //                                             18
  'export interface Money {', //                     19
  '  cents: number;', //                             20
  '}', //                                            21
].join('\n');

describe('syntax: TypeScript', () => {
  it('the enclosing function with its export and doc comment', () => {
    expect(enclosingDefinition('cart.ts', TS, 7)).toEqual({
      from: 4,
      to: 8,
      kind: 'definition',
      label: 'function total',
    });
    expect(enclosingDefinition('cart.ts', TS, 16)).toMatchObject({
      from: 15,
      to: 17,
      label: 'function greet',
    });
  });

  it('a finding in a module-level array after a function: the whole statement', () => {
    expect(enclosingDefinition('cart.ts', TS, 12)).toBeUndefined();
    expect(statementRange('cart.ts', TS, 12)).toEqual({ from: 10, to: 13, kind: 'statement' });
  });

  it('the imports and a named interface; TSX and JavaScript parse too', () => {
    expect(importRange('cart.ts', TS)).toEqual({ from: 1, to: 2 });
    expect(definitionOf('cart.ts', TS, 'Money', 25)).toEqual({ from: 19, to: 21 });
    const tsx = 'export function App() {\n  return (\n    <div>\n      {x}\n    </div>\n  );\n}\n';
    expect(enclosingDefinition('app.tsx', tsx, 4)).toMatchObject({ from: 1, to: 7, label: 'function App' });
    const js = 'const rows = [\n  1,\n  2,\n];\nfunction f() {\n  return rows;\n}\n';
    expect(statementRange('rows.mjs', js, 2)).toEqual({ from: 1, to: 4, kind: 'statement' });
  });
});

describe('syntax: Go and Rust', () => {
  it('Go: the enclosing method, and the type a message names', () => {
    const go = [
      'package store', //                             1
      '', //                                          2
      'import "fmt"', //                              3
      '', //                                          4
      '// Get reads a key.', //                       5
      'func (s *Store) Get(k string) int {', //       6
      '\tif k == "" {', //                           7
      '\t\treturn fmt.Sprint(1)', //                 8
      '\t}', //                                      9
      '\treturn 2', //                               10
      '}', //                                         11
      '', //                                          12
      'type Store struct {', //                       13
      '\tdata map[string]int', //                    14
      '}', //                                         15
    ].join('\n');
    expect(enclosingDefinition('store.go', go, 8)).toEqual({
      from: 5,
      to: 11,
      kind: 'definition',
      label: 'method Get',
    });
    expect(importRange('store.go', go)).toEqual({ from: 3, to: 3 });
    expect(definitionOf('store.go', go, 'Store', 25)).toEqual({ from: 13, to: 15 });
  });

  it('Rust: the enclosing function inside an impl, not the impl', () => {
    const rs = [
      'use std::collections::HashMap;', //            1
      '', //                                          2
      'impl Store {', //                              3
      '    fn get(&self, k: &str) -> i32 {', //       4
      '        let v = vec![', //                     5
      '            1,', //                            6
      '        ];', //                                7
      '        v[0]', //                              8
      '    }', //                                     9
      '}', //                                         10
    ].join('\n');
    expect(enclosingDefinition('store.rs', rs, 6)).toEqual({
      from: 4,
      to: 9,
      kind: 'definition',
      label: 'function get',
    });
    expect(statementRange('store.rs', rs, 6)).toEqual({ from: 5, to: 7, kind: 'statement' });
    expect(enclosingDefinition('store.rs', rs, 3)).toMatchObject({
      from: 3,
      to: 10,
      label: 'impl block Store',
    });
  });
});

describe('syntax: other languages', () => {
  it('falls back to a window of lines, and never throws', () => {
    const rb = Array.from({ length: 30 }, (_, i) => `x${i} = ${i}`).join('\n');
    expect(excerptLadder('app.rb', rb, 15)).toEqual([{ from: 10, to: 20, kind: 'window' }]);
    expect(enclosingDefinition('app.rb', rb, 15)).toEqual({ from: 10, to: 20, kind: 'window' });
    expect(statementRange('app.rb', rb, 2)).toEqual({ from: 1, to: 7, kind: 'window' });
    expect(importRange('app.rb', rb)).toBeUndefined();
    expect(definitionOf('app.rb', rb, 'x1', 25)).toBeUndefined();
    expect(excerptLadder('short.py', 'x = 1', 99)).toHaveLength(1);
  });
});
