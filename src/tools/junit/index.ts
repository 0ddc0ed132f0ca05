import type { ToolPlugin } from '../plugin.js';
import { testFailure } from '../shared/messages.js';
import { junitParser } from './parser.js';

/**
 * JUnit XML, the report format most test runners can write (vitest, pytest, Maven Surefire, Gradle),
 * when a job prints it into its log. The format, not a runner: its test files and assertions are the
 * runners' own plugins'.
 */
export const junit: ToolPlugin = {
  name: 'junit',
  runsTests: true,
  parser: junitParser,
  verdict: (d) => testFailure(d.message),
};
