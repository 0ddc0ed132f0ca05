import { REASONS, v, type Verdict } from '../verdict.js';

/** Failure messages any tool may print: a module that could not be imported, code that does not parse. */
export const IMPORT_MESSAGE =
  /\b(ModuleNotFoundError|ImportError|No module named|Cannot find module|cannot find package|Module not found|ERR_MODULE_NOT_FOUND|could not import|unresolved import)\b/i;
export const SYNTAX_MESSAGE =
  /\b(SyntaxError|IndentationError|TabError|invalid syntax|Unexpected token|Parsing error)\b/;
const ASSERTION = /\b(AssertionError|assert |expect\(|Expected|toBe|toEqual|want |!==|!=|ERR_ASSERTION)/;

/** A failing test: an import or syntax error a model can fix, else behaviour a person must judge. */
export function testFailure(message: string): Verdict {
  if (IMPORT_MESSAGE.test(message)) return v('import', 'llm', 'the test could not import a module');
  if (SYNTAX_MESSAGE.test(message)) return v('syntax', 'llm');
  if (ASSERTION.test(message)) return v('test', 'none', REASONS.testLogic);
  return v('test', 'none', REASONS.testRuntime);
}
