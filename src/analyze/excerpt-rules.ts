import { toolExcerpts, type ExcerptRule } from '../tools/index.js';

/**
 * What makes a line explain a failure, for logs no tool parser understands. Each rule names the kind of
 * block the anchor opens, how much it is worth, and how far the block reaches. Ordered: first match wins.
 * All regexes are anchored or literal-led: linear on any line.
 */
export type { BlockShape, ExcerptRule } from '../tools/index.js';

// Cheap gate before the rules (logs/failure-keywords.ts: the LineCleaner looks for the same words).
export { MAYBE_INTERESTING } from '../logs/failure-keywords.js';

// Lines that say "nothing failed" although they contain a keyword.
export const NOT_A_FAILURE =
  /\b0 (?:errors?|failed|failures?|failing)\b|\bno errors?\b|errors?: 0\b|--fail-|\bfailfast\b|continue-on-error|ERRORLEVEL|set -e|pipefail/i;

/** The tools' own rules (a package manager's error block) first, then those no tool owns. */
export const EXCERPT_RULES: ExcerptRule[] = [
  ...toolExcerpts,
  { test: /^panic: |^fatal error: /, reason: 'Go panic', score: 90, shape: 'go-panic' },
  {
    test: /Traceback \(most recent call last\):$/,
    reason: 'Python traceback',
    score: 80,
    shape: 'python-traceback',
  },
  { test: /^\s*--- FAIL: /, reason: 'Go test failure', score: 75, shape: 'indented' },
  {
    test: /^\[ERROR\] (?:BUILD FAILURE|Failed to execute goal|COMPILATION ERROR)/,
    reason: 'Maven build failure',
    score: 75,
    shape: 'same-prefix',
    prefixes: ['[ERROR]'],
  },
  {
    test: /^\[ERROR\] .*\.(?:java|kt|scala):\[\d+,\d+\]/,
    reason: 'compiler error',
    score: 70,
    shape: 'line',
  },
  { test: / FAILED$/, reason: 'test failure', score: 60, shape: 'indented' },
  {
    test: /^(?:\[INFO\] )?(?:BUILD FAILURE|FAILURE: Build failed)/,
    reason: 'build failure',
    score: 65,
    shape: 'indented',
  },
  { test: /^error(?:\[E\d+\])?: /, reason: 'compiler error', score: 70, shape: 'indented' },
  {
    test: /^(?:\s*● |\s*FAIL\s|FAILED |FAIL:|ERROR:|\s+\d+\) )/,
    reason: 'test failure',
    score: 55,
    shape: 'indented',
  },
  {
    test: /^(?:[^:\s]+:\d+(?::\d+)?:? )?(?:fatal|error|Error|ERROR)(?:\[[^\]]*\])?: /,
    reason: 'error',
    score: 55,
    shape: 'indented',
  },
  { test: /^[A-Za-z_][\w.]*(?:Error|Exception): /, reason: 'exception', score: 50, shape: 'line' },
  {
    test: /(?:Killed|Segmentation fault|No space left on device|timed out|The operation was canceled)/,
    reason: 'runner or process failure',
    score: 60,
    shape: 'line',
  },
  { test: /^make(?:\[\d+\])?: \*\*\* .*Error \d+/, reason: 'make target failed', score: 40, shape: 'line' },
  { test: /exit (?:code|status) [1-9]\d*/, reason: 'non-zero exit', score: 35, shape: 'line' },
];
