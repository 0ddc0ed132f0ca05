import type { ToolPlugin } from '../plugin.js';
import { testFailure } from '../shared/messages.js';
import { unittestParser } from './parser.js';

export const unittest: ToolPlugin = {
  name: 'unittest',
  runsTests: true,
  parser: unittestParser,
  verdict: (d) => testFailure(d.message),
  testCode: { files: /\.pyi?$/, asserts: /\bself\.fail/, skips: /@unittest\.skip/ },
};
