import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, describeDiagnostic } from './helpers/analyze.js';
import { cli, cliAsync, repoRoot } from './helpers/cli.js';
import { allToolsPath, exampleRepo, git } from './helpers/example-repo.js';
import { anthropicToolReply, startFakeLlmServer, type FakeLlmServer } from './helpers/fake-llm-server.js';
import { HANG_MS } from './helpers/hang-guard.js';
import { haveJust } from './helpers/tools-present.js';

/**
 * The Biome family end to end: a GitHub runner's log of `biome ci`, and `ci-autofix fix` on the bundled
 * example (examples/biome-package: `biome ci .` and vitest, real Biome 2.x from this checkout), with and
 * without a model (a local double of the Anthropic API), and on repositories that run Biome through its
 * pre-commit hooks (the version their `additional_dependencies` name, 1.9.4 installed from npm).
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

/** A repository that runs Biome only through Biome's pre-commit hooks, at the version they install. */
function preCommitProject(hook: string[], biomeJson: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-biome-pre-commit-'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  const config = [
    'repos:',
    '  - repo: https://github.com/biomejs/pre-commit',
    '    rev: v0.6.1',
    '    hooks:',
  ];
  writeFileSync(
    join(dir, '.pre-commit-config.yaml'),
    [...config, ...hook.map((l) => `      ${l}`), ''].join('\n'),
  );
  writeFileSync(join(dir, 'biome.json'), `${JSON.stringify(biomeJson, null, 2)}\n`);
  writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'b.ts'), 'export const b = 2;\n');
  writeFileSync(
    join(dir, 'sum.ts'),
    'import { a } from "./a.js";\nimport { b } from "./b.js";\n\nexport const sum = { total: a + b };\n',
  );
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'initial');
  // Unsorted imports and an extra space: Biome's assist and its formatter each have a fix.
  writeFileSync(
    join(dir, 'sum.ts'),
    'import { b } from "./b.js";\nimport { a } from "./a.js";\n\nexport const sum = {   total: a + b };\n',
  );
  git(dir, 'commit', '--quiet', '-am', 'change that breaks the hook');
  return dir;
}

interface PreCommitOutcome extends Outcome {
  validation: Outcome['validation'] & { check: { source: string; commands: string[] } };
  pins?: Array<{ tool: string; version: string; source: string; installed?: string; provisioned: boolean }>;
  notes: string[];
}

function fixPreCommit(dir: string, env: Record<string, string> = {}): PreCommitOutcome {
  const r = cli(['fix', '--cwd', dir, '--format', 'json'], { env: { PATH: allToolsPath, ...env } });
  return JSON.parse(r.stdout) as PreCommitOutcome;
}

describe("ci-autofix fix on a repository that runs Biome through Biome's pre-commit hooks (real Biome)", () => {
  it('the hook that writes runs read-only as the check, with the Biome version its additional_dependencies name', () => {
    const dir = preCommitProject(
      ['- id: biome-check', '  args: [--unsafe]', '  additional_dependencies: ["@biomejs/biome@2.6.9"]'],
      { formatter: { indentStyle: 'space' } },
    );
    const o = fixPreCommit(dir);
    expect(o.validation.check).toMatchObject({
      source: 'pre-commit',
      commands: [
        'biome check --files-ignore-unknown=true --no-errors-on-unmatched a.ts b.ts biome.json sum.ts',
      ],
    });
    expect(o.pins).toEqual([
      {
        tool: 'biome',
        version: '2.6.9',
        source: '.pre-commit-config.yaml (biomejs/pre-commit, additional_dependencies)',
        ecosystem: 'npm',
        installed: '2.6.9',
        provisioned: false,
      },
    ]);
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
      ['biome-assist', ['sum.ts']],
      ['biome-format', ['sum.ts']],
    ]);
    expect(o.outcome).toBe('fixed');
    expect(readFileSync(join(dir, 'sum.ts'), 'utf8')).toBe(
      'import { a } from "./a.js";\nimport { b } from "./b.js";\n\nexport const sum = { total: a + b };\n',
    );
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

/** Whether npm's registry answers: the Biome 1.x that the next test pins is installed from it. */
const npmRegistry = (() => {
  try {
    execFileSync('npm', ['view', '@biomejs/biome@1.9.4', 'version'], { stdio: 'pipe', timeout: HANG_MS });
    return true;
  } catch {
    return false;
  }
})();
if (process.env.CI && !npmRegistry) throw new Error("npm's registry does not answer on this CI machine");

describe.skipIf(!npmRegistry)('a pre-commit hook that pins Biome 1.x, installed from npm', () => {
  it('fixes with Biome 1.9.4, which reads the 1.x configuration that Biome 2 refuses', () => {
    // `organizeImports` at the top is Biome 1's; Biome 2 stops at it as an unknown key.
    const biomeJson = { organizeImports: { enabled: true }, formatter: { indentStyle: 'space' } };
    const dir = preCommitProject(
      ['- id: biome-check', '  additional_dependencies: ["@biomejs/biome@1.9.4"]'],
      biomeJson,
    );
    const cache = mkdtempSync(join(tmpdir(), 'ci-autofix-tool-cache-'));
    const o = fixPreCommit(dir, { CI_AUTOFIX_TOOL_CACHE: cache });
    expect(o.pins).toEqual([
      expect.objectContaining({ tool: 'biome', version: '1.9.4', installed: '2.6.9', provisioned: true }),
    ]);
    expect(o.notes.join('\n')).toContain(
      'biome 1.9.4 (pinned in .pre-commit-config.yaml (biomejs/pre-commit, additional_dependencies)) was used, not the installed 2.6.9',
    );
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
      ['biome-assist', ['sum.ts']],
      ['biome-format', ['sum.ts']],
    ]);
    expect(o.outcome).toBe('fixed');
    expect(git(dir, 'log', '-1', '--format=%b')).toContain('Tool: biome 1.9.4');
    expect(existsSync(join(cache, 'npm/biome-1.9.4/node_modules/.bin/biome'))).toBe(true);
  });
});
