import type { ToolPlugin } from '../plugin.js';
import { JAVA_TEST_CODE, JAVA_TEST_FILES } from '../shared/java-frames.js';
import { testFailure } from '../shared/messages.js';
import { gradleParser } from './parser.js';

/** Gradle's test tasks (`gradle test`, `./gradlew check`): their console output. */
export const gradle: ToolPlugin = {
  name: 'gradle',
  runsTests: true,
  parser: gradleParser,
  verdict: (d) => testFailure(d.message),
  testFiles: JAVA_TEST_FILES,
  testCode: JAVA_TEST_CODE,
};
