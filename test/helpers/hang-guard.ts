/**
 * How long a test waits for something before it calls it a hang: the test timeout (vitest.config.ts)
 * and the waits for a log line or a job. A guard against a hang, never a measure of speed: long enough
 * for a busy 2-core machine (CI with other work beside it runs a fix job three times slower than a quiet
 * one), so that no test fails because the machine is slow. Speed is measured in bench/.
 */
export const HANG_MS = 5 * 60_000;
