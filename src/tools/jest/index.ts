import type { ToolPlugin } from '../plugin.js';
import { JS_TEST_CODE, JS_TEST_FILES } from '../shared/js-tests.js';
import { testFailure } from '../shared/messages.js';
import { jestParser } from './parser.js';

export const jest: ToolPlugin = {
  name: 'jest',
  runsTests: true,
  parser: jestParser,
  verdict: (d) => testFailure(d.message),
  config: { files: ['**/jest.config.{js,cjs,mjs,ts,json}'], packageKeys: ['jest'] },
  testFiles: JS_TEST_FILES,
  testCode: JS_TEST_CODE,
};
