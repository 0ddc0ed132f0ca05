import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { toolList } from '../src/tools/index.js';

/**
 * A tool is one folder: outside `src/tools/`, no source file names a specific tool in its code (its
 * identifiers, strings and regexes; comments may give examples). Tests name tools freely: they run them.
 */
const root = join(import.meta.dirname, '..');

// Names of the registry that are also a platform, a language or a version-control system: the forge
// (`github`), git itself, the Python interpreter the sandbox runs, and `go` as an English word.
const ALSO_SOMETHING_ELSE = new Set(['github', 'git', 'python', 'go']);
const names = toolList
  .flatMap((t) => [t.name, ...(t.aliases ?? [])])
  .filter((n) => !ALSO_SOMETHING_ELSE.has(n));
// A name inside a file name or an id (`yarn.lock`, `npm-token`) is not the tool.
const word = new RegExp(`(?<![\\w./-])(${names.join('|')})(?![\\w./-])`);
/** The demo runs the bundled examples and names the tools they need, as the examples themselves do. */
const EXAMPLES = new Set([join('src', 'cli', 'commands', 'demo.ts')]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path.endsWith(join('src', 'tools')) ? [] : sources(path);
    if (EXAMPLES.has(relative(root, path))) return [];
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The code's identifiers and literal texts, comments left out. */
function codeTokens(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  // Braces open inside each template literal's `${…}` still open: a `}` at depth 0 resumes the template.
  const templates: number[] = [];
  let previous: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const regexMayStart = ![
      ts.SyntaxKind.Identifier,
      ts.SyntaxKind.NumericLiteral,
      ts.SyntaxKind.StringLiteral,
      ts.SyntaxKind.CloseParenToken,
      ts.SyntaxKind.CloseBracketToken,
      ts.SyntaxKind.CloseBraceToken,
    ].includes(previous);
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && regexMayStart)
      kind = scanner.reScanSlashToken();
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(0);
    else if (kind === ts.SyntaxKind.OpenBraceToken && templates.length) templates[templates.length - 1]!++;
    else if (kind === ts.SyntaxKind.CloseBraceToken && templates.length) {
      if (templates.at(-1) === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else templates[templates.length - 1]!--;
    }
    previous = kind;
    if (
      kind === ts.SyntaxKind.Identifier ||
      kind === ts.SyntaxKind.StringLiteral ||
      kind === ts.SyntaxKind.RegularExpressionLiteral ||
      (kind >= ts.SyntaxKind.FirstTemplateToken && kind <= ts.SyntaxKind.LastTemplateToken)
    )
      out.push(scanner.getTokenText());
  }
  return out;
}

describe('everything about a tool sits in its folder', () => {
  it('no source file outside src/tools/ names a tool of the registry in its code', () => {
    const hits = sources(join(root, 'src')).flatMap((file) =>
      codeTokens(readFileSync(file, 'utf8'))
        .filter((t) => word.test(t))
        .map((t) => `${relative(root, file)}: ${t.slice(0, 80)}`),
    );
    expect(hits).toEqual([]);
  });
});
