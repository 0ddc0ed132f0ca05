import type { ToolPlugin } from '../plugin.js';
import { IMPORT_MESSAGE, SYNTAX_MESSAGE } from '../shared/messages.js';
import { REASONS, v } from '../verdict.js';
import { pythonTracebackParser } from './parser.js';

/** Python's own tracebacks, whatever program raised them. */
export const python: ToolPlugin = {
  name: 'python',
  parser: pythonTracebackParser,
  verdict: (d) => {
    if (IMPORT_MESSAGE.test(d.message)) return v('import', 'llm', 'a module could not be imported');
    if (SYNTAX_MESSAGE.test(d.message)) return v('syntax', 'llm');
    return v('unknown', 'none', REASONS.runtime);
  },
};
