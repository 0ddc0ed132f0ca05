/** Questions about one syntax node, by the grammar's tables (languages.ts). */
import type { Node } from 'web-tree-sitter';
import { NAMED_ONLY, type Grammar } from './languages.js';

/** Lines of a file, 1-based and inclusive. */
export interface LineRange {
  from: number;
  to: number;
}

/** The whole lines a node spans (a node that ends at column 0 ends on the line before). */
export function linesOf(node: Node): LineRange {
  const start = node.startPosition.row;
  const end = node.endPosition;
  return { from: start + 1, to: end.column === 0 && end.row > start ? end.row : end.row + 1 };
}

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

/** `const f = () => …` and `let g = function …`: variable declarations that are function definitions. */
function declaresFunction(node: Node): boolean {
  if (node.type !== 'lexical_declaration' && node.type !== 'variable_declaration') return false;
  return node.namedChildren.some(
    (d) => d.type === 'variable_declarator' && FUNCTION_VALUES.has(d.childForFieldName('value')?.type ?? ''),
  );
}

export function isDefinition(node: Node, g: Grammar): boolean {
  return g.definitions.has(node.type) || declaresFunction(node);
}

/** A statement (or a member of a class, struct, enum): a child of a container, or a definition. */
export function isStatement(node: Node, g: Grammar): boolean {
  const parent = node.parent;
  if (!parent || /comment/.test(node.type)) return false;
  return g.containers.has(parent.type) || isDefinition(node, g);
}

/** A definition with what belongs to it: its decorators or `export` around it, its doc comment above. */
export function withWrappers(node: Node, g: Grammar): Node {
  let outer = node;
  while (outer.parent && g.wrappers.has(outer.parent.type)) outer = outer.parent;
  return outer;
}

/** The first line of the comments directly above a node (no blank line between): its documentation. */
export function docStart(node: Node): number {
  let start = node.startPosition.row;
  for (let prev = node.previousNamedSibling; prev; prev = prev.previousNamedSibling) {
    if (!/comment/.test(prev.type) || prev.endPosition.row !== start - 1) break;
    start = prev.startPosition.row;
  }
  return start + 1;
}

/** The definition a wrapper holds (the function a decorator or `export` is on). */
function inner(node: Node): Node {
  const held = node.childForFieldName('definition') ?? node.childForFieldName('declaration');
  return held ? inner(held) : node;
}

/** The name a definition gives, or undefined. */
export function nameOf(node: Node): string | undefined {
  const def = inner(node);
  const named = def.childForFieldName('name') ?? def.childForFieldName('type');
  if (named) return named.text;
  // Declarations that name through a child: `const x = …` (JS), `type T struct` (Go), `x: T = …`.
  const first = def.namedChildren.find((c) => /declarator|_spec$/.test(c.type));
  return first ? nameOf(first) : undefined;
}

/** What kind of definition a node is, in words: function, class, method, … */
export function kindOf(node: Node): string {
  const type = inner(node).type;
  const kinds: Array<[RegExp, string]> = [
    [/method/, 'method'],
    [/class/, 'class'],
    [/interface/, 'interface'],
    [/enum/, 'enum'],
    [/impl/, 'impl block'],
    [/trait/, 'trait'],
    [/struct|union/, 'struct'],
    [/type/, 'type'],
    [/module|mod_item/, 'module'],
    [/macro/, 'macro'],
  ];
  return kinds.find(([re]) => re.test(type))?.[1] ?? 'function';
}

/** Nodes looked up by name: definitions, and the constants and types a message may name. */
export function isNamedDefinition(node: Node, g: Grammar): boolean {
  return isDefinition(node, g) || NAMED_ONLY.has(node.type);
}
