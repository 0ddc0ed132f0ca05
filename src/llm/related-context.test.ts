import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../domain/index.js';
import { buildContext, DEFAULT_BUDGET } from './context.js';
import { definitionRanges, localImports, namesIn, toolConfigRanges } from './related-context.js';
import { initSyntax } from './syntax/index.js';
import { estimateTokens } from './tokens.js';

const diag = (tool: string, path: string, line: number, message: string): Diagnostic => ({
  message,
  severity: 'error',
  source: { name: tool },
  location: { path, range: { start: { line } } },
  category: 'type',
  fixability: 'llm',
  log: { step: 's', lines: [1, 1] },
});

const PYPROJECT = [
  '[project]',
  'name = "inventory"',
  '',
  '[tool.ruff]',
  'line-length = 100',
  '',
  '[tool.mypy]',
  'strict = true',
  'mypy_path = "src"',
  '',
  '[tool.mypy.overrides]',
  'module = "vendor.*"',
  '',
  '[tool.pytest.ini_options]',
  'addopts = "-q"',
].join('\n');

const repo: Record<string, string> = {
  'pyproject.toml': PYPROJECT,
  'src/shop/cart.py': [
    'from shop.models import Item',
    'from .pricing import discount',
    '',
    ...Array.from({ length: 90 }, (_, i) => `X_${i} = ${i}`),
    'def total(items: list[Item]) -> int:',
    '    return sum(i.price for i in items) - discount(items)',
  ].join('\n'),
  'src/shop/models.py': [
    'from dataclasses import dataclass',
    '',
    '@dataclass',
    'class Item:',
    '    sku: str',
    '    price_cents: int',
    '',
    'def unrelated() -> None:',
    '    pass',
  ].join('\n'),
  'src/shop/pricing.py': 'def discount(items: object) -> int:\n    return 0\n',
  'web/src/cart.ts':
    "import { Money } from './money.js';\nexport const total = (m: Money): number => m.cents;\n",
  'web/src/money.ts': 'export interface Money {\n  cents: number;\n  currency: string;\n}\n',
  'web/tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true, "noUncheckedIndexedAccess": true } }\n',
};
const read = (f: string) => repo[f];

beforeAll(async () => {
  expect(await initSyntax()).toBe(true);
});

describe('related context', () => {
  it('takes the names a message quotes, leaving types and keywords', () => {
    expect(namesIn('"Item" has no attribute "price"  [attr-defined]')).toEqual(['Item', 'price']);
    expect(namesIn(`Property 'cents' does not exist on type 'Money'.`)).toEqual(['cents', 'Money']);
    expect(namesIn('Incompatible return value type (got "str", expected "int")')).toEqual([]);
  });

  it('resolves local imports: Python absolute (src layout) and relative, TS relative', () => {
    const py = localImports('src/shop/cart.py', repo['src/shop/cart.py']!);
    expect(py).toContain('src/shop/models.py');
    expect(py).toContain('src/shop/pricing.py');
    expect(localImports('web/src/cart.ts', repo['web/src/cart.ts']!)).toContain('web/src/money.ts');
  });

  it('finds the definition a type error names in an imported module, with its decorator', () => {
    const d = diag('mypy', 'src/shop/cart.py', 94, '"Item" has no attribute "price"  [attr-defined]');
    expect(definitionRanges([d], read)).toEqual([
      { file: 'src/shop/models.py', from: 3, to: 6, why: 'the definition of Item' },
    ]);
    const ts = diag('tsc', 'web/src/cart.ts', 2, `Property 'amount' does not exist on type 'Money'.`);
    expect(definitionRanges([ts], read)).toEqual([
      { file: 'web/src/money.ts', from: 1, to: 4, why: 'the definition of Money' },
    ]);
  });

  it("includes the reporting tool's own settings: its pyproject sections, or its file", () => {
    const d = diag('mypy', 'src/shop/cart.py', 94, 'x');
    expect(toolConfigRanges([d], read)).toEqual([
      // [tool.mypy] and [tool.mypy.overrides] together; not [tool.ruff] nor [tool.pytest…].
      { file: 'pyproject.toml', from: 7, to: 13, why: 'mypy settings', reference: true },
    ]);
    expect(toolConfigRanges([diag('tsc', 'web/src/cart.ts', 2, 'x')], read)).toEqual([
      { file: 'tsconfig.json', from: 1, to: 2, why: 'tsc settings', reference: true },
    ]);
  });

  it('adds them to the context after the failing code, and only while they fit whole', () => {
    const d = diag('mypy', 'src/shop/cart.py', 94, '"Item" has no attribute "price"  [attr-defined]');
    const all = buildContext([d], read, DEFAULT_BUDGET, 0);
    expect(all.map((s) => [s.file, s.why])).toEqual([
      ['src/shop/cart.py', 'the whole file (it fits the budget)'],
      ['src/shop/models.py', 'the definition of Item'],
      ['pyproject.toml', 'mypy settings'],
    ]);
    expect(all.find((s) => s.file === 'pyproject.toml')?.text).toBe(
      '[tool.mypy]\nstrict = true\nmypy_path = "src"\n\n[tool.mypy.overrides]\nmodule = "vendor.*"\n',
    );
    // Room for the failing code's imports and definition only: the extras are left out, not cut.
    const lines = repo['src/shop/cart.py']!.split('\n');
    const code = [lines.slice(0, 2), lines.slice(93, 95)].reduce(
      (n, l) => n + estimateTokens(l.join('\n')) + 20,
      0,
    );
    const fewer = buildContext([d], read, { maxInputTokens: code + 10 }, 0);
    expect(fewer.map((s) => [s.file, s.from, s.to, s.why])).toEqual([
      ['src/shop/cart.py', 1, 2, 'the imports'],
      ['src/shop/cart.py', 94, 95, 'the function total holding line 94'],
    ]);
  });
});
