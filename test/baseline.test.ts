import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskVolatile } from '../src/analyze/baseline.js';
import { newAgainstBaseline } from '../src/analyze/baseline-excerpts.js';
import { analyzeCommand } from '../src/cli/commands/analyze.js';
import type { AnalysisSummary, Excerpt } from '../src/domain/index.js';
import { repoRoot } from './helpers/cli.js';

/**
 * `analyze --baseline`: a failing run of a job read against a passing run of the same job. The pair is a
 * recording of real pip, ruff, mypy and pytest output in a job log's shape (test/fixtures/baseline/).
 */
const FIXTURES = join(repoRoot, 'test/fixtures/baseline');
const FAILING = join(FIXTURES, 'python-service-failing.log');
const PASSING = join(FIXTURES, 'python-service-passing.log');

interface Json {
  excerpts: Array<Pick<Excerpt, 'step' | 'lines' | 'reason' | 'new_lines'>>;
  summary: Pick<AnalysisSummary, 'baseline'>;
}

async function analyze(files: string[], baseline?: string[], format = 'json'): Promise<string> {
  let out = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  await analyzeCommand(files, { format, ...(baseline ? { baseline } : {}) }, { stdout });
  return out;
}

const json = async (baseline?: string[], files = [FAILING]) =>
  JSON.parse(await analyze(files, baseline)) as Json;

describe('analyze --baseline', () => {
  it("keeps every failure's lines, marks which ones no passing run printed, and says what it compared with", async () => {
    const plain = await json();
    const based = await json([PASSING]);
    const ranges = (j: Json) => j.excerpts.map((e) => e.reason);
    // The same failures are found: the pytest assertion, mypy's error, ruff's findings, the failed command.
    expect(ranges(based)).toEqual(ranges(plain));
    const pytest = based.excerpts.find((e) => e.reason === 'pytest test failure')!;
    const assertion =
      readFileSync(FAILING, 'utf8')
        .split('\n')
        .findIndex((l) => l.endsWith('assert 7 == 6')) + 1;
    expect(pytest.new_lines).toContain(assertion);
    // The command line `Run just check` is printed by the passing run too: the excerpt starts after it.
    const command = based.excerpts.find((e) => e.reason.startsWith('the command that failed'))!;
    const before = plain.excerpts.find((e) => e.reason.startsWith('the command that failed'))!;
    expect(command.lines[0]).toBe(before.lines[0] + 1);
    expect(based.summary.baseline).toMatchObject({ inputs: [PASSING], lines: 36, excerpts_left_out: 0 });
  });

  it('a log read against itself has nothing new: its excerpts stand as without a baseline, none marked new', async () => {
    const self = await json([FAILING]);
    expect(self.excerpts.map((e) => e.lines)).toEqual((await json()).excerpts.map((e) => e.lines));
    expect(self.excerpts.every((e) => e.new_lines!.length === 0)).toBe(true);
    expect(self.summary.baseline!.excerpts_left_out).toBe(0);
  });

  it('without a baseline the output has no baseline fields; the text marks the new lines', async () => {
    const plain = await analyze([FAILING]);
    expect(plain).not.toContain('new_lines');
    expect(plain).not.toContain('"baseline"');
    const text = await analyze([FAILING], [PASSING], 'text');
    expect(text).toContain('+ marks a line no passing run printed');
    expect(text).toMatch(/\d+ \+ E {7}assert 7 == 6/);
    expect(text).toContain('Compared with 1 passing run(s) (36 lines)');
  });

  it('stdin is no baseline: a usage error that says what to pass', async () => {
    await expect(analyze([FAILING], ['-'])).rejects.toThrow(/--baseline takes a file/);
  });
});

describe('maskVolatile', () => {
  it('masks what differs between two good runs, and keeps what tells failures apart', () => {
    const same = [
      ['2026-12-07T01:15:21.2157606Z done in 0.02s', '2027-01-01T09:00:00Z done in 1.5s'],
      [
        'Downloaded 1234 bytes to /tmp/pip-req-build-a1b2c3/x',
        'Downloaded 98 bytes to /tmp/pip-req-build-zz9/x',
      ],
      [
        'commit 3f1dd18a9c, id 123e4567-e89b-12d3-a456-426614174000',
        'commit 9e8d7c6b5a, id 00000000-0000-0000-0000-000000000000',
      ],
      ['collected 120 items', 'collected 121 items'],
    ];
    for (const [a, b] of same) expect(maskVolatile(a!)).toBe(maskVolatile(b!));
    const differ = [
      ['Process completed with exit code 1.', 'Process completed with exit code 0.'],
      ['FAILED tests/test_a.py::test_one', 'FAILED tests/test_a.py::test_two'],
      ['error: cannot find module', 'warning: cannot find module'],
    ];
    for (const [a, b] of differ) expect(maskVolatile(a!)).not.toBe(maskVolatile(b!));
  });
});

describe('newAgainstBaseline', () => {
  const seen = { has: (text: string) => text.startsWith('seen') };
  const candidate = (a: number, b: number, texts: string[]) => ({
    step: 's',
    a,
    b,
    reason: 'r',
    score: 1,
    lines: new Map(texts.map((t, i) => [a + i, t] as [number, string])),
  });

  it('cuts a range to its new lines, leaves out one a passing run printed whole, keeps what it cannot see', () => {
    const { kept, leftOut } = newAgainstBaseline(
      [
        candidate(10, 13, ['seen a', 'new b', 'new c', 'seen d']),
        candidate(20, 21, ['seen e', 'seen f']),
        // A diagnostic's long range: the text of its first lines only. The rest may be new: it stays.
        candidate(30, 120, ['seen g', 'new h']),
        candidate(200, 260, ['seen i', 'seen j']),
      ],
      seen,
    );
    expect(kept.map((c) => [c.a, c.b])).toEqual([
      [11, 12],
      [31, 120],
      [202, 260],
    ]);
    expect(leftOut).toBe(1);
  });
});

describe('analyze --baseline, a failure nothing recognises', () => {
  it('still shows what it would without a baseline, rather than nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-baseline-unrecognised-'));
    const at = '2026-12-07T01:30:38.1101072Z';
    const job = (out: string[], code?: number) =>
      [
        `${at} ##[group]Run npm test`,
        `${at} npm test`,
        `${at} ##[endgroup]`,
        ...out.map((l) => `${at} ${l}`),
        ...(code ? [`${at} ##[error]Process completed with exit code ${code}.`] : []),
      ].join('\n');
    const failing = join(dir, 'failing.log');
    const passing = join(dir, 'passing.log');
    writeFileSync(failing, job(['> mocha test', 'directory import is not supported resolving ./lib'], 1));
    writeFileSync(passing, job(['> mocha test', '  412 passing (3s)']));
    const without = await json(undefined, [failing]);
    expect(without.excerpts.length).toBeGreaterThan(0);
    const withBaseline = await json([passing], [failing]);
    expect(withBaseline.excerpts.map((e) => e.lines)).toEqual(without.excerpts.map((e) => e.lines));
  });
});
