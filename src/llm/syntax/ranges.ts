/**
 * Syntax-aware ranges of a file for the model's context: the enclosing definition of a line, the
 * smallest complete statement holding a range of lines, the import block, a named definition. By a
 * real parse (tree-sitter), not indentation or braces: a multi-line list after a function is its own
 * statement, not part of the function. A file with no syntax tree (another language, not initialized),
 * or a line inside a part the parser could not read, gets a small window of lines instead; nothing here
 * throws.
 */
import type { Node } from 'web-tree-sitter';
import type { Grammar } from './languages.js';
import { parse } from './load.js';
import {
  docStart,
  isDefinition,
  isNamedDefinition,
  isStatement,
  kindOf,
  linesOf,
  nameOf,
  withWrappers,
  type LineRange,
} from './nodes.js';

export type { LineRange } from './nodes.js';

/** A range and what it is: a definition (with its kind and name), a statement, a bracket, or a window. */
export interface SyntaxRange extends LineRange {
  kind: 'definition' | 'statement' | 'bracket' | 'window';
  /** For a definition: "function total", "class Store". */
  label?: string;
}

/** Lines either side of a finding when there is no syntax to go by. */
export const WINDOW = 5;

export function lineWindow(lineCount: number, from: number, to: number = from): SyntaxRange {
  return {
    from: Math.max(1, from - WINDOW),
    to: Math.min(Math.max(lineCount, 1), to + WINDOW),
    kind: 'window',
  };
}

const lineCount = (text: string) => text.split('\n').length;

/**
 * The smallest node spanning the text of lines `from`..`to` (1-based), or undefined when that part of
 * the file did not parse (inside an ERROR node): the tree there says nothing reliable.
 */
function nodeAt(root: Node, text: string, from: number, to: number): Node | undefined {
  const lines = text.split('\n');
  const first = Math.min(Math.max(from, 1), lines.length) - 1;
  const last = Math.min(Math.max(to, from, 1), lines.length) - 1;
  const startColumn = Math.max(0, lines[first]!.search(/\S/));
  const endColumn = lines[last]!.trimEnd().length;
  const node = root.descendantForPosition(
    { row: first, column: startColumn },
    { row: last, column: Math.max(endColumn, first === last ? startColumn : 0) },
  );
  for (let n = node; n; n = n.parent) if (n.type === 'ERROR' || n.isMissing) return undefined;
  return node ?? undefined;
}

function definitionRange(node: Node, g: Grammar): SyntaxRange {
  const outer = withWrappers(node, g);
  const name = nameOf(outer);
  return {
    from: docStart(outer),
    to: linesOf(outer).to,
    kind: 'definition',
    label: `${kindOf(outer)}${name ? ` ${name}` : ''}`,
  };
}

/**
 * The complete units holding lines `from`..`to`, smallest first: bracketed expressions inside the
 * innermost statement, then each statement around it, up to the enclosing definition (with its
 * decorators, `export` and doc comment) or, in module-level code, the top-level statement. An excerpt
 * taken from this list never cuts a statement. Without a syntax tree: one window of lines.
 */
export function excerptLadder(file: string, text: string, from: number, to: number = from): SyntaxRange[] {
  try {
    const parsed = parse(file, text);
    const node = parsed && nodeAt(parsed.tree.rootNode, text, from, to);
    if (!parsed || !node) return [lineWindow(lineCount(text), from, to)];
    const g = parsed.grammar;
    const out: SyntaxRange[] = [];
    const add = (r: SyntaxRange) => {
      const last = out[out.length - 1];
      // The same lines as the unit inside: keep the outer one's name (a statement that is a definition).
      if (last && last.from === r.from && last.to === r.to) out.pop();
      out.push(r);
    };
    // Lines that span several statements: the statements they touch, together.
    const touched = g.containers.has(node.type) ? overlapping(node, from, to) : undefined;
    if (touched) add(touched);
    let inStatement = touched !== undefined;
    for (let n: Node | null = node; n?.parent; n = n.parent) {
      if (isDefinition(n, g)) {
        add(definitionRange(n, g));
        break;
      }
      if (isStatement(n, g)) {
        add({ ...linesOf(n), kind: 'statement' });
        inStatement = true;
      } else if (!inStatement && g.brackets.has(n.type)) add({ ...linesOf(n), kind: 'bracket' });
    }
    return out.length ? out : [lineWindow(lineCount(text), from, to)];
  } catch {
    return [lineWindow(lineCount(text), from, to)];
  }
}

function overlapping(container: Node, from: number, to: number): SyntaxRange | undefined {
  const touched = container.namedChildren.map(linesOf).filter((r) => r.to >= from && r.from <= to);
  if (!touched.length) return undefined;
  return { from: touched[0]!.from, to: touched[touched.length - 1]!.to, kind: 'statement' };
}

/**
 * The innermost function, method, class (or other definition) holding a line, with its decorators,
 * `export` and doc comment. Undefined for a line in module-level code; a window when there is no syntax
 * tree to go by.
 */
export function enclosingDefinition(file: string, text: string, line: number): SyntaxRange | undefined {
  const ladder = excerptLadder(file, text, line);
  const top = ladder[ladder.length - 1]!;
  return top.kind === 'definition' || top.kind === 'window' ? top : undefined;
}

/**
 * The smallest complete statement (or definition) holding lines `from`..`to`: for a line of a
 * multi-line list at module level, the whole statement the list is in. A window without a syntax tree.
 */
export function statementRange(file: string, text: string, from: number, to: number = from): SyntaxRange {
  const ladder = excerptLadder(file, text, from, to);
  return ladder.find((r) => r.kind !== 'bracket') ?? ladder[ladder.length - 1]!;
}

/**
 * The block of imports at the top of a file: from its first import to the last one before other code
 * (comments, a docstring, `package` and `from __future__` may sit between). Undefined when there is none
 * or no syntax tree.
 */
export function importRange(file: string, text: string): LineRange | undefined {
  try {
    const parsed = parse(file, text);
    if (!parsed) return undefined;
    let range: LineRange | undefined;
    for (const child of parsed.tree.rootNode.namedChildren) {
      if (parsed.grammar.imports.has(child.type)) {
        const lines = linesOf(child);
        range = { from: range?.from ?? lines.from, to: lines.to };
      } else if (!BEFORE_CODE.test(child.type) && !(isDocstring(child) && !range)) break;
    }
    return range;
  } catch {
    return undefined;
  }
}

// What may stand before or between imports without ending the block.
const BEFORE_CODE = /comment|package_clause|attribute/;

function isDocstring(node: Node): boolean {
  return (
    node.type === 'expression_statement' &&
    node.namedChildren.length === 1 &&
    node.namedChildren[0]!.type === 'string'
  );
}

/**
 * Where a file defines `name` (a function, class, method, interface, type, constant), the first in the
 * file; at most `maxLines` lines, ending after the last whole statement or member that fits (its
 * signature and first members rather than a cut line). Undefined when not found or no syntax tree.
 */
export function definitionOf(
  file: string,
  text: string,
  name: string,
  maxLines: number,
): LineRange | undefined {
  try {
    const parsed = parse(file, text);
    const found = parsed && findNamed(parsed.tree.rootNode, parsed.grammar, name, 0);
    if (!parsed || !found) return undefined;
    const outer = withWrappers(found, parsed.grammar);
    const whole = { from: docStart(outer), to: linesOf(outer).to };
    if (whole.to - whole.from < maxLines) return whole;
    return { from: whole.from, to: shortEnd(found, parsed.grammar, whole.from + maxLines - 1) };
  } catch {
    return undefined;
  }
}

// Where definitions are: statements, and the bodies, clauses and wrappers around them; not expressions.
const HOLDS_DEFINITIONS =
  /(_statement|_declaration|_definition|_item|_clause|block|body|statement_list|declaration_list|^module$|^program$|^source_file$|_case$)/;

function findNamed(node: Node, g: Grammar, name: string, depth: number): Node | undefined {
  if (depth > 40) return undefined;
  for (const child of node.namedChildren) {
    if (isNamedDefinition(child, g) && nameOf(child) === name) return child;
    if (HOLDS_DEFINITIONS.test(child.type) || g.containers.has(child.type)) {
      const found = findNamed(child, g, name, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The last line, at most `limit`, that ends a member of the definition's body (else its header). */
function shortEnd(def: Node, g: Grammar, limit: number): number {
  const body = bodyOf(def, g, 0);
  if (!body) return Math.min(limit, linesOf(def).to);
  let end = body.startPosition.row + 1;
  for (const member of body.namedChildren) {
    const to = linesOf(member).to;
    if (to > limit) break;
    end = to;
  }
  return Math.min(end, limit);
}

/**
 * The container of a definition's members or statements: the nearest one below it (a function's block,
 * a class's body, a Go struct's field list), and inside it the one that holds the statements (Go's block
 * holds a statement_list).
 */
function bodyOf(node: Node, g: Grammar, depth: number): Node | undefined {
  if (depth > 3) return undefined;
  for (const child of node.namedChildren)
    if (g.containers.has(child.type)) {
      const only = child.namedChildren.length === 1 ? child.namedChildren[0]! : undefined;
      return only && g.containers.has(only.type) ? only : child;
    }
  for (const child of node.namedChildren) {
    const found = bodyOf(child, g, depth + 1);
    if (found) return found;
  }
  return undefined;
}
