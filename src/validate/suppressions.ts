/**
 * The anti-cheat table: the ways a change can silence a tool instead of fixing what it reports, per
 * tool, in one place (the README's table is this one). A fix that adds one is refused whoever wrote it,
 * unless the rule's own fixer made it or `.ci-autofix.yml` allows it for the rules it names
 * (`safety.allow_suppressions`). A tool family brings its entries here.
 */
export interface Suppression {
  /** Stable name, used in messages and tests. */
  id: string;
  tool: string;
  /** What it does, for the refusal and the README. */
  what: string;
  /** An instance, for the README and the tests. */
  example: string;
  files: RegExp;
  /** Global: every match counts. Group `codes`, when it matched, lists the rules it names. */
  pattern: RegExp;
}

const PY = /\.pyi?$/;
const TS = /\.(m|c)?tsx?$/;
const JS = /\.(m|c)?[jt]sx?$|\.(vue|svelte)$/;

export const SUPPRESSIONS: Suppression[] = [
  {
    id: 'type-ignore',
    tool: 'mypy',
    what: 'a `# type: ignore` comment',
    example: 'x = f()  # type: ignore[arg-type]',
    files: PY,
    pattern: /#\s*type:\s*ignore\b(?:\[(?<codes>[^\]]*)\])?/g,
  },
  {
    id: 'mypy-file',
    tool: 'mypy',
    what: 'a file-level mypy switch (`# mypy: ignore-errors`, `disable-error-code`)',
    example: '# mypy: ignore-errors',
    files: PY,
    pattern: /#\s*mypy:\s*(?:ignore[-_]errors\b|disable[-_]error[-_]code\s*=\s*["']?(?<codes>[\w, -]+))/g,
  },
  {
    id: 'pyright-ignore',
    tool: 'pyright',
    what: 'a `# pyright: ignore` comment',
    example: 'x = f()  # pyright: ignore[reportArgumentType]',
    files: PY,
    pattern: /#\s*pyright:\s*(?:ignore\b(?:\[(?<codes>[^\]]*)\])?|basic\b)/g,
  },
  {
    id: 'noqa',
    tool: 'ruff / flake8',
    what: 'a `# noqa` comment',
    example: 'import os  # noqa: F401',
    files: PY,
    pattern: /#\s*noqa\b(?::\s*(?<codes>[A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*))?/gi,
  },
  {
    id: 'noqa-file',
    tool: 'ruff / flake8',
    what: 'a file-level `# ruff: noqa` or `# flake8: noqa`',
    example: '# ruff: noqa: E501',
    files: PY,
    pattern: /#\s*(?:ruff|flake8)\s*:\s*noqa\b(?::\s*(?<codes>[A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*))?/gi,
  },
  {
    id: 'pylint-disable',
    tool: 'pylint',
    what: 'a `# pylint: disable` comment (line, next line or module) or `skip-file`',
    example: '# pylint: disable=unused-argument',
    files: PY,
    pattern: /#\s*pylint:\s*(?:skip-file\b|disable(?:-next)?\s*=\s*(?<codes>[\w, -]+))/g,
  },
  {
    id: 'cast-any',
    tool: 'mypy',
    what: 'a cast to `Any`',
    example: 'total = cast(Any, price) + 1',
    files: PY,
    pattern: /\bcast\(\s*(?:["']Any["']|(?:typing\.)?Any\b)/g,
  },
  {
    id: 'annotate-any',
    tool: 'mypy',
    what: 'an annotation widened to `Any`',
    example: 'def total(price: Any) -> int:',
    files: PY,
    pattern: /(?::|->)\s*(?:typing\.)?Any\b/g,
  },
  {
    id: 'ts-ignore',
    tool: 'tsc',
    what: 'a `@ts-ignore`, `@ts-expect-error` or `@ts-nocheck` comment',
    example: '// @ts-expect-error',
    files: JS,
    pattern: /@ts-(?:ignore|expect-error|nocheck)\b/g,
  },
  {
    id: 'as-any',
    tool: 'tsc',
    what: 'a cast to `any` (`as any`, `<any>`)',
    example: 'const n = (price as any) + 1;',
    files: TS,
    pattern: /\bas\s+any\b|<any>/g,
  },
  {
    id: 'annotate-any-ts',
    tool: 'tsc',
    what: 'an annotation widened to `any`',
    example: 'function total(price: any): number {',
    files: TS,
    pattern: /:\s*any\b/g,
  },
  {
    id: 'eslint-disable-line',
    tool: 'eslint',
    what: 'an `eslint-disable-line` or `eslint-disable-next-line` comment',
    example: '// eslint-disable-next-line no-unused-vars',
    files: JS,
    pattern: /eslint-disable-(?:next-)?line\b(?<codes>[ \t]+[@\w/-]+(?:\s*,\s*[@\w/-]+)*)?/g,
  },
  {
    id: 'eslint-disable-file',
    tool: 'eslint',
    what: 'an `/* eslint-disable */` block comment (the file or a region)',
    example: '/* eslint-disable */',
    files: JS,
    pattern: /\/\*\s*eslint-disable(?![-\w])(?<codes>[ \t]+[@\w/-]+(?:\s*,\s*[@\w/-]+)*)?/g,
  },
  {
    id: 'biome-ignore',
    tool: 'biome',
    what: 'a `biome-ignore` comment',
    example: '// biome-ignore lint/suspicious/noExplicitAny: reason',
    files: /\.(m|c)?[jt]sx?$|\.jsonc?$|\.css$/,
    pattern: /biome-ignore(?:-all|-start)?\s+(?<codes>[\w/]+)/g,
  },
  {
    id: 'nolint',
    tool: 'golangci-lint / staticcheck',
    what: 'a `//nolint` or `//lint:ignore` comment',
    example: 'x, _ := f() //nolint:errcheck',
    files: /\.go$/,
    pattern: /\/\/\s*nolint\b(?::(?<codes>[\w,-]+))?|\/\/lint:(?:file-)?ignore\s+(?<codes2>\S+)/g,
  },
  {
    id: 'rust-allow',
    tool: 'clippy / rustc',
    what: 'an `#[allow(…)]` or `#![allow(…)]` attribute',
    example: '#[allow(clippy::needless_return)]',
    files: /\.rs$/,
    pattern: /#!?\[(?:allow|expect)\((?<codes>[^)]*)\)\]/g,
  },
];

/** The rules a suppression names (empty: all of them). */
function codesOf(m: RegExpMatchArray): string[] {
  const named = m.groups?.codes ?? m.groups?.codes2 ?? '';
  return named
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** How many suppressions of `entry` the text holds that the allowed rules do not cover. */
export function countSuppressions(text: string, entry: Suppression, allowed: ReadonlySet<string>): number {
  let n = 0;
  for (const m of text.matchAll(entry.pattern)) {
    const codes = codesOf(m);
    if (!codes.length || !codes.every((c) => allowed.has(c) || allowed.has(`${entry.tool}:${c}`))) n++;
  }
  return n;
}

export interface AddedSuppression {
  entry: Suppression;
  added: number;
}

/** The suppressions a change to one file adds: counted in the whole file, so a re-wrapped line moves one, never adds it. */
export function addedSuppressions(
  path: string,
  before: string,
  after: string,
  allowed: ReadonlySet<string>,
): AddedSuppression[] {
  const found: AddedSuppression[] = [];
  for (const entry of SUPPRESSIONS) {
    if (!entry.files.test(path)) continue;
    const added = countSuppressions(after, entry, allowed) - countSuppressions(before, entry, allowed);
    if (added > 0) found.push({ entry, added });
  }
  return found;
}
