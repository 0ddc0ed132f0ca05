import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, describeDiagnostic } from './helpers/analyze.js';
import { cli, cliAsync, repoRoot } from './helpers/cli.js';
import { allToolsPath, exampleRepo, git } from './helpers/example-repo.js';
import { anthropicToolReply, startFakeLlmServer, type FakeLlmServer } from './helpers/fake-llm-server.js';
import { haveJust } from './helpers/tools-present.js';

/**
 * The Biome family end to end: a GitHub runner's log of `biome ci`, and `ci-autofix fix` on the bundled
 * example (examples/biome-package: `biome ci .` and vitest, real Biome 2.x from this checkout), with and
 * without a model (a local double of the Anthropic API).
 */
if (process.env.CI && !haveJust)
  throw new Error('just is missing on this CI machine; .ci/run installs it (npm package rust-just)');

const fixtures = join(repoRoot, 'test/fixtures/tools');

interface Outcome {
  outcome: string;
  fixes: Array<{ fixer: string; files: string[]; fixed: unknown[]; commit?: string }>;
  commits: string[];
  remaining: Array<{ source: { name: string }; code?: { value: string }; fixability: string }>;
  validation: { after: { passed: boolean } };
}

/** `biome ci .` in the repository, as its CI runs it: exit 0 is green. */
function biomeCi(dir: string): number {
  try {
    execFileSync(join(repoRoot, 'node_modules/.bin/biome'), ['ci', '--colors=off', '.'], {
      cwd: dir,
      stdio: 'pipe',
    });
    return 0;
  } catch (e) {
    return (e as { status: number }).status;
  }
}

describe('a GitHub runner log of biome ci', () => {
  it('each finding counts once: the runner shows the workflow commands as `##[error]message` before the report', () => {
    // On a runner, Biome's `::error title=…,file=…::message` commands become `##[error]message` in the
    // log (the runner keeps the message only), as test/fixtures/gha/build-logs.ts renders them.
    const recorded = readFileSync(join(fixtures, 'out/biome-ci-github.txt'), 'utf8');
    const runnerLog = recorded.replace(/^::(error|warning|notice)[^:]*::(.*)$/gm, '##[$1]$2');
    expect(runnerLog).toContain('##[error]Sort these imports.');
    const a = analyzeText(runnerLog);
    // The same findings, verdicts and positions as the plain report (biome-ci), none twice, and none left
    // to the runner's annotations (source `github`).
    const plain = readFileSync(join(fixtures, 'expected/biome-ci.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.replace(/ \| log .*$/, ''));
    expect(a.diagnostics.map((d) => describeDiagnostic(d).replace(/ \| log .*$/, ''))).toEqual(plain);
    // Each is placed on its annotation's line, so the runner's annotation is not a second finding.
    for (const d of a.diagnostics)
      expect(runnerLog.split('\n')[d.log.lines[0] - 1]).toMatch(/^##\[(error|warning)\]/);
  });
});

describe.skipIf(!haveJust)('ci-autofix fix on the Biome example (real Biome, vitest, just, git)', () => {
  it('partial: organize imports, format and the safe lint fix, a commit each; `biome ci` green but for the finding without a fix', () => {
    const dir = exampleRepo('biome-package');
    const before = git(dir, 'rev-parse', 'HEAD').trim();
    const r = cli(['fix', '--cwd', dir, '--format', 'json'], { env: { PATH: allToolsPath } });
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.outcome).toBe('partial');
    expect(o.fixes.map((f) => [f.fixer, f.files, f.fixed.length])).toEqual([
      ['biome-assist', ['src/shipping.ts'], 1],
      ['biome-format', ['src/parcel.ts'], 1],
      ['biome-lint', ['src/shipping.ts'], 1],
    ]);
    expect(o.remaining.map((d) => `${d.source.name}/${d.code?.value ?? ''}/${d.fixability}`).sort()).toEqual([
      'biome/lint/suspicious/noExplicitAny/llm',
      'vitest/failed/none',
    ]);
    expect(git(dir, 'rev-list', `${before}..HEAD`).trim().split('\n')).toEqual([...o.commits].reverse());
    const log = git(dir, 'log', '--format=%s', `${before}..HEAD`);
    expect(log).toContain('style: organize imports in 1 file(s) with biome check --write');
    expect(log).toContain('style: format 1 file(s) with biome format');
    expect(log).toContain('fix(lint): fix 1 finding(s) with biome lint --write (lint/style/useConst)');
    const source = readFileSync(join(dir, 'src/shipping.ts'), 'utf8');
    expect(source.indexOf('./parcel.js')).toBeLessThan(source.indexOf('./rates.js'));
    expect(source).toContain('const rate = rateFor(parcel.zone);');
    // Biome's own check now reports only the `any`, which no tool fixes.
    expect(biomeCi(dir)).not.toBe(0);
    writeFileSync(
      join(dir, 'src/shipping.ts'),
      source.replace('label(parcel: any)', 'label(parcel: Parcel)'),
    );
    expect(biomeCi(dir)).toBe(0);
  });

  it('fixed: when only formatting, imports and a safe lint fix broke, `biome ci` and the check end green', () => {
    const dir = exampleRepo('biome-package', (d) => {
      git(d, 'apply', join(repoRoot, 'examples/biome-package/failing.patch'));
      for (const [file, from, to] of [
        ['src/rates.ts', 'perKg: 12,', 'perKg: 120,'],
        ['src/shipping.ts', 'label(parcel: any)', 'label(parcel: Parcel)'],
      ] as const) {
        const p = join(d, file);
        writeFileSync(p, readFileSync(p, 'utf8').replace(from, to));
      }
    });
    expect(biomeCi(dir)).not.toBe(0);
    const r = cli(['fix', '--cwd', dir, '--format', 'json'], { env: { PATH: allToolsPath } });
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.outcome).toBe('fixed');
    expect(r.code).toBe(0);
    expect(o.validation.after.passed).toBe(true);
    expect(o.fixes.map((f) => f.fixer)).toEqual(['biome-assist', 'biome-format', 'biome-lint']);
    expect(biomeCi(dir)).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

describe.skipIf(!haveJust)('a model fixes the Biome finding that has no fix', () => {
  let server: FakeLlmServer;
  beforeAll(async () => {
    server = await startFakeLlmServer();
  });
  afterAll(() => server.close());

  it('noExplicitAny: the edit is validated by `biome ci`, committed after the tools’ fixes', async () => {
    const dir = exampleRepo('biome-package');
    const before = server.requests.length;
    server.script(
      anthropicToolReply({
        edits: [
          {
            file: 'src/shipping.ts',
            old: 'export function label(parcel: any): string {',
            new: 'export function label(parcel: Parcel): string {',
          },
        ],
        explanation: 'label reads a parcel',
      }),
    );
    const r = await cliAsync(['fix', '--cwd', dir, '--format', 'json'], {
      PATH: allToolsPath,
      ANTHROPIC_API_KEY: 'sk-ant-test',
      ANTHROPIC_BASE_URL: server.url,
    });
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.fixes.map((f) => f.fixer)).toEqual(['biome-assist', 'biome-format', 'biome-lint', 'model']);
    // The failing assertion is a person's: the outcome stays partial, but Biome's check is green.
    expect(o.outcome).toBe('partial');
    expect(o.remaining.map((d) => d.source.name)).toEqual(['vitest']);
    expect(biomeCi(dir)).toBe(0);
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    const prompt = JSON.stringify(sent[0]!.body);
    expect(prompt).toContain('lint/suspicious/noExplicitAny');
    expect(prompt).toContain('export function label(parcel: any)');
    expect(git(dir, 'log', '-1', '--format=%s')).toMatch(/^fix\(lint\): fix 1 finding\(s\) with a model/);
  });
});
