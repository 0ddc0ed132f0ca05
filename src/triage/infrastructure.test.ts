import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INFRASTRUCTURE, infrastructureCause, MAX_TEXT } from './infrastructure.js';

/**
 * The infrastructure table against real lines: every fixture line (test/fixtures/infrastructure/lines.json,
 * each from a public project's CI, with its source) is recognised by its own pattern; every pattern has a
 * fixture; and no line of the recorded real tool outputs (test/fixtures/tools/out/) nor of a list of
 * ordinary failures that merely mention a timeout, a rate limit or a reset is taken for infrastructure.
 */

interface Fixture {
  id: string;
  line: string;
  source: string;
  note: string;
}

const root = join(import.meta.dirname, '../../test/fixtures');
const fixtures = JSON.parse(readFileSync(join(root, 'infrastructure/lines.json'), 'utf8')) as Fixture[];

/** Ordinary failures: the project's own, whatever words they use. */
const ORDINARY = [
  'FAILED tests/test_timeout.py::test_connect_timeout - AssertionError: assert 3 == 5',
  'FAILED tests/test_timeout.py::test_connect_timeout',
  'AssertionError: expected rate limit of 10',
  'AssertionError: expected rate limit of 10, got 429 Too Many Requests',
  '--- FAIL: TestRetryOnECONNRESET (0.00s)',
  '    retry_test.go:41: TestRetryOnECONNRESET: expected 3 attempts, got 1',
  '  ✕ retries on ETIMEDOUT (4 ms)',
  '  ● client › retries on getaddrinfo ENOTFOUND',
  '    expect(received).toBe(expected) // Object.is equality\n\n    Expected: "ECONNRESET"\n    Received: "ETIMEDOUT"',
  "E       AssertionError: 'No space left on device' not found in 'disk ok'",
  'test_disk_full_raises (tests.test_storage.StorageTest) ... FAIL',
  "src/net/retry.ts(12,5): error TS2322: Type 'string' is not assignable to type 'Timeout'.",
  "src/rate-limit.ts:4:7 - error TS6133: 'rateLimit' is declared but its value is never read.",
  'tests/test_dns.py:10: error: Name "Temporary" is not defined  [name-defined]',
  'Error: Process completed with exit code 1.',
  '##[error]Process completed with exit code 2.',
  // actions/runner#3178: printed after every failed step of a container-hook runner, not a runner fault.
  'Error: Executing the custom container implementation failed. Please contact your self hosted runner administrator.',
  'System.OperationCanceledException : The operation was canceled.',
  '    at Object.<anonymous> (src/killed.test.ts:3:9)',
  "    thread 'main' panicked at 'connection reset by peer', src/main.rs:5:9",
  'ERROR: Could not find a version that satisfies the requirement nonexistent-pkg==9.9 (from versions: none)',
  'npm ERR! code ERESOLVE',
  'npm ERR! code E404',
  'npm ERR! missing script: lint',
  'error[E0425]: cannot find value `timeout` in this scope',
  'Killed 3 mutants out of 10',
];

/** Every line of every recorded real tool output. */
function toolLines(): { file: string; line: string }[] {
  const dir = join(root, 'tools/out');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .map((line) => ({ file, line })),
    );
}

/**
 * Whether a regular expression's source quantifies a group that itself holds a quantifier (`(a+)+`,
 * `(?:\s*x)*`): the shape of catastrophic backtracking. A bare `?` after a group is allowed.
 */
function nestedQuantifier(source: string): boolean {
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      inClass = c !== ']';
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push(false);
    else if (c === ')') {
      const held = stack.pop() ?? false;
      const next = source[i + 1];
      if (held && (next === '*' || next === '+' || next === '{')) return true;
      if (held && stack.length > 0) stack[stack.length - 1] = true;
    } else if ((c === '*' || c === '+' || c === '{') && stack.length > 0) {
      stack[stack.length - 1] = true;
    }
  }
  return false;
}

describe('infrastructure signatures', () => {
  it('has unique ids, one line each to say', () => {
    const ids = INFRASTRUCTURE.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of INFRASTRUCTURE) expect(s.says).not.toMatch(/\n/);
    expect(INFRASTRUCTURE.length).toBeGreaterThanOrEqual(25);
  });

  it.each(fixtures.map((f) => [f.id, f.line, f] as const))('%s: %s', (id, line, f) => {
    expect(f.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(issues|pull)\/\d+$/);
    expect(infrastructureCause(line)?.id).toBe(id);
  });

  it('every pattern has a fixture', () => {
    const covered = new Set(fixtures.map((f) => f.id));
    expect(INFRASTRUCTURE.filter((s) => !covered.has(s.id)).map((s) => s.id)).toEqual([]);
  });

  it('fixtures name no package registry: a host in a line is one of these pages, or `<registry>`', () => {
    const PAGES = new Set([
      'github.com',
      'api.github.com',
      'docs.github.com',
      'www.docker.com',
      'gitea.kozmotronik.com.tr',
      'cloud.google.com',
    ]);
    const hosts = fixtures.flatMap((f) => f.line.match(/\b(?:[\w-]+\.)+(?:com|org|io|net|dev|tr)\b/g) ?? []);
    expect(hosts.filter((h) => !PAGES.has(h))).toEqual([]);
  });

  it.each(ORDINARY)('an ordinary failure is not infrastructure: %s', (line) => {
    expect(infrastructureCause(line)).toBeUndefined();
  });

  it('no line of the recorded real tool outputs is infrastructure', () => {
    const lines = toolLines();
    expect(lines.length).toBeGreaterThan(1000);
    const judged = lines.filter(({ line }) => infrastructureCause(line) !== undefined);
    expect(judged).toEqual([]);
  });

  it('patterns are linear: no quantified group holds a quantifier', () => {
    const nested = INFRASTRUCTURE.filter((s) => nestedQuantifier(s.pattern.source)).map((s) => s.id);
    expect(nested).toEqual([]);
    expect(nestedQuantifier('(a+)+')).toBe(true);
    expect(nestedQuantifier('(?:x\\s*)*')).toBe(true);
    expect(nestedQuantifier('(?:a|b)+[(+]')).toBe(false);
  });

  it('a 100 KB line of one character is matched by nothing and cut to MAX_TEXT', () => {
    for (const ch of ['a', ' ', ':', '>', '\n']) {
      expect(infrastructureCause(ch.repeat(100_000))).toBeUndefined();
    }
    const shutdown = 'The runner has received a shutdown signal.';
    expect(infrastructureCause(`${'x'.repeat(MAX_TEXT - 100)} ${shutdown}`)?.id).toBe('runner-shutdown');
    expect(infrastructureCause(`${'x'.repeat(MAX_TEXT)} ${shutdown}`)).toBeUndefined();
  });
});
