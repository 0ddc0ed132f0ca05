import type { ToolPlugin } from '../plugin.js';
import { JS_TEST_CODE, JS_TEST_FILES } from '../shared/js-tests.js';
import { testFailure } from '../shared/messages.js';
import { vitestParser } from './parser.js';

export const vitest: ToolPlugin = {
  name: 'vitest',
  runsTests: true,
  parser: vitestParser,
  verdict: (d) => testFailure(d.message),
  config: {
    files: ['**/vitest.config.{js,mjs,cjs,ts,mts}', '**/vitest.workspace.{js,ts,json}'],
    packageKeys: ['vitest'],
  },
  testFiles: JS_TEST_FILES,
  testCode: JS_TEST_CODE,
};
