import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../domain/index.js';
import { judge, type JobContext, type Learnt } from './job.js';

const failing = (name: string): Diagnostic =>
  ({
    message: 'assert 4 == 5',
    severity: 'error',
    source: { name: 'pytest' },
    test: { name, framework: 'pytest' },
    location: { path: 'tests/test_util.py', line: 11 },
    log: { step: 'test', lines: [3, 10] },
    category: 'test',
    fixability: 'llm',
  }) as Diagnostic;

const ctx = (flakyTests?: string[]) =>
  ({
    input: { flakyTests },
    paths: { roots: [], tracked: new Set(['tests/test_util.py']) },
  }) as unknown as JobContext;
const learnt = { verdicts: new Map() } as unknown as Learnt;

describe('a fix job on a PR whose tests are known flaky', () => {
  it('lists a known flaky test, never fixes it; other failing tests are fixed as before', () => {
    const [flaky, other] = judge(ctx(['tests/test_util.py::test_add_wrong']), learnt, [
      failing('tests/test_util.py::test_add_wrong'),
      failing('tests/test_util.py::test_raises'),
    ]);
    expect(flaky).toMatchObject({ fixability: 'none', reason: expect.stringContaining('known flaky test') });
    expect(other!.fixability).toBe('llm');
    expect(judge(ctx(), learnt, [failing('tests/test_util.py::test_add_wrong')])[0]!.fixability).toBe('llm');
  });
});
