/**
 * The languages the context builder parses, as plain data: which grammar reads which file, and which of
 * its node types are definitions, statement containers, imports and brackets. The type names are the
 * grammars' own (their src/node-types.json); a name a grammar does not have simply never matches. Where
 * each grammar's WebAssembly build comes from is in wasm-files.json (the build scripts read it too).
 */
export type LanguageId = 'python' | 'typescript' | 'tsx' | 'javascript' | 'go' | 'rust';

export interface Grammar {
  id: LanguageId;
  /** Functions, methods, classes and other named definitions an excerpt may be widened to. */
  definitions: ReadonlySet<string>;
  /** Nodes that wrap a definition and belong with it (decorators, `export`). */
  wrappers: ReadonlySet<string>;
  /** Nodes whose named children are statements (or members): a statement is a child of one of these. */
  containers: ReadonlySet<string>;
  /** Import statements, for the import block at the top of a file. */
  imports: ReadonlySet<string>;
  /** Bracketed expressions: a smaller complete unit than a statement, used when a statement is too big. */
  brackets: ReadonlySet<string>;
}

const set = (words: string) => new Set(words.split(/\s+/).filter(Boolean));

// JavaScript, TypeScript and TSX share their node types (the TypeScript grammars extend JavaScript's).
const JS_LIKE = {
  definitions: set(`function_declaration generator_function_declaration class_declaration
    abstract_class_declaration method_definition interface_declaration enum_declaration
    type_alias_declaration internal_module module`),
  wrappers: set('export_statement'),
  containers: set(`program statement_block class_body switch_case switch_default interface_body
    enum_body object_type`),
  imports: set('import_statement'),
  brackets: set('array object arguments parenthesized_expression template_string formal_parameters'),
};

export const GRAMMARS: Record<LanguageId, Grammar> = {
  python: {
    id: 'python',
    definitions: set('function_definition class_definition decorated_definition'),
    wrappers: set('decorated_definition'),
    containers: set('module block'),
    imports: set('import_statement import_from_statement future_import_statement'),
    brackets: set(`list dictionary set tuple argument_list parenthesized_expression list_comprehension
      dictionary_comprehension set_comprehension generator_expression parameters`),
  },
  typescript: { id: 'typescript', ...JS_LIKE },
  tsx: { id: 'tsx', ...JS_LIKE },
  javascript: { id: 'javascript', ...JS_LIKE },
  go: {
    id: 'go',
    definitions: set('function_declaration method_declaration type_declaration'),
    wrappers: set(''),
    containers: set(`source_file block statement_list expression_case default_case type_case
      communication_case field_declaration_list var_spec_list const_declaration import_spec_list`),
    imports: set('import_declaration'),
    brackets: set('literal_value argument_list parameter_list parenthesized_expression'),
  },
  rust: {
    id: 'rust',
    definitions: set(`function_item impl_item trait_item struct_item enum_item union_item mod_item
      macro_definition function_signature_item`),
    wrappers: set(''),
    containers: set(`source_file block declaration_list match_block field_declaration_list
      enum_variant_list`),
    imports: set('use_declaration extern_crate_declaration'),
    brackets: set(`array_expression arguments tuple_expression field_initializer_list token_tree
      parameters parenthesized_expression`),
  },
};

/**
 * Definitions looked up by name besides the enclosing kinds: constants and type aliases a message may
 * name. A variable declaration counts only through its declarator's name (see `nameOf`).
 */
export const NAMED_ONLY = set(`lexical_declaration variable_declaration type_spec const_spec var_spec
  const_item static_item type_item type_alias_statement`);

const EXTENSIONS: Record<string, LanguageId> = {
  py: 'python',
  pyi: 'python',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  go: 'go',
  rs: 'rust',
};

/** The grammar that reads a file, by its extension; undefined for other languages. */
export function grammarOf(file: string): Grammar | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  const id = ext === undefined ? undefined : EXTENSIONS[ext];
  return id && GRAMMARS[id];
}
