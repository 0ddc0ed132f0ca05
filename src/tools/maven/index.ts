import type { ToolPlugin } from '../plugin.js';
import { JAVA_TEST_CODE, JAVA_TEST_FILES } from '../shared/java-frames.js';
import { testFailure } from '../shared/messages.js';
import { mavenParser } from './parser.js';

/** Maven's test plugins, Surefire (`mvn test`) and Failsafe (`mvn verify`): their console reports. */
export const maven: ToolPlugin = {
  name: 'maven',
  runsTests: true,
  parser: mavenParser,
  verdict: (d) => testFailure(d.message),
  testFiles: JAVA_TEST_FILES,
  testCode: JAVA_TEST_CODE,
};
