import type { ToolPlugin } from '../plugin.js';
import { JS_TEST_CODE, JS_TEST_FILES } from '../shared/js-tests.js';
import { testFailure } from '../shared/messages.js';
import { mochaParser } from './parser.js';

export const mocha: ToolPlugin = {
  name: 'mocha',
  runsTests: true,
  parser: mochaParser,
  verdict: (d) => testFailure(d.message),
  testFiles: JS_TEST_FILES,
  testCode: JS_TEST_CODE,
};
