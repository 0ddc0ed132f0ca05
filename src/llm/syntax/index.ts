export { GRAMMARS, grammarOf, type Grammar, type LanguageId } from './languages.js';
export { initSyntax, parse, WASM_FOLDER, wasmFiles, wasmPath, type Parsed } from './load.js';
export {
  definitionOf,
  enclosingDefinition,
  excerptLadder,
  importRange,
  lineWindow,
  statementRange,
  WINDOW,
  type LineRange,
  type SyntaxRange,
} from './ranges.js';
