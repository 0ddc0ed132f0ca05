import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goModTidyFixer } from '../src/tools/go/fixers.js';
import { cli, cliAsync, repoRoot } from './helpers/cli.js';
import { exampleRepo, git, toolsPath } from './helpers/example-repo.js';
import { anthropicToolReply, startFakeLlmServer, type FakeLlmServer } from './helpers/fake-llm-server.js';

/**
 * The Go family end to end on the bundled Go module (examples/go-module) with the real tools: `fix`
 * with the module's own check (a justfile running gofmt -s, goimports, go vet, staticcheck, go test),
 * with the check ci-autofix composes for a module that declares none, with a local model double for the
 * findings no tool fixes; and go mod tidy's fix mode, offline.
 */
const has = (script: string) => spawnSync('sh', ['-c', script], { stdio: 'pipe' }).status === 0;
const goTools =
  has('command -v just && command -v go && command -v gofmt && command -v goimports') &&
  has('command -v staticcheck || command -v go-staticcheck');
if (process.env.CI && !goTools)
  throw new Error(
    'the Go tools are missing on this CI machine; .ci/run installs them (golang-go, goimports, go-staticcheck)',
  );

interface Outcome {
  outcome: string;
  fixes: Array<{ fixer: string; files: string[]; commit?: string; tool: string }>;
  dropped: Array<{ fixer: string; reason: string }>;
  commits: string[];
  validation: { check: { source: string; commands: string[] }; after: { passed: boolean } };
  remaining: Array<{
    source: { name: string };
    code?: { value: string };
    fixability: string;
    location?: { path: string };
  }>;
}

const fix = (dir: string) => {
  const r = cli(['fix', '--cwd', dir, '--format', 'json'], { env: { PATH: toolsPath } });
  return { code: r.code, o: JSON.parse(r.stdout) as Outcome };
};
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const replace = (dir: string, file: string, from: string, to: string) => {
  const text = read(dir, file);
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  writeFileSync(join(dir, file), text.replace(from, to));
};
const remaining = (o: Outcome) =>
  o.remaining
    .map((d) => `${d.source.name}${d.code ? ` ${d.code.value}` : ''} ${d.location?.path}: ${d.fixability}`)
    .sort();

describe.skipIf(!goTools)(
  'ci-autofix fix on the Go example (real gofmt, goimports, go vet, staticcheck, go test)',
  () => {
    it('partial: goimports and gofmt commits; the type error and staticcheck finding for a model, the failing test for a person', () => {
      const dir = exampleRepo('go-module');
      const before = git(dir, 'rev-parse', 'HEAD').trim();
      const { code, o } = fix(dir);
      expect(code).toBe(1);
      expect(o.outcome).toBe('partial');
      expect(o.validation.check.source).toBe('justfile');
      expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
        ['goimports', ['report/report.go']],
        ['gofmt', ['money/money.go']],
      ]);
      expect(remaining(o)).toEqual([
        'go pricing/pricing.go: llm',
        'go test-failed inventory/stock_test.go: none',
        'staticcheck S1003 inventory/stock.go: llm',
        'staticcheck compile pricing/pricing.go: llm',
      ]);
      expect(git(dir, 'rev-list', `${before}..HEAD`).trim().split('\n')).toEqual([...o.commits].reverse());
      const log = git(dir, 'log', '--format=%s%n%b%n--', `${before}..HEAD`);
      expect(log).toContain('style(imports): fix the imports of 1 file(s) with goimports');
      // go vet's, go test's and staticcheck's report of the same unused import, and goimports' own listing.
      expect(log).toMatch(/report\/report\.go:6 go: imported and not used: "os"/);
      expect(log).toMatch(/report\/report\.go:6 staticcheck compile: "os" imported but not used/);
      expect(log).toContain('style: format 1 file(s) with gofmt');
      expect(log).toContain('money/money.go gofmt simplify');
      expect(read(dir, 'report/report.go')).not.toContain('"os"');
      expect(read(dir, 'money/money.go')).toContain('\t{"5 cent", 5},\n');
      expect(git(dir, 'status', '--porcelain')).toBe('');
    });

    it('fixed: only the layout and the imports broke, so the check ends green', () => {
      const dir = exampleRepo('go-module', (d) => {
        replace(d, 'money/money.go', '\t{"10 cent", 10},\n', '\t{"10 cent", 10},\n\tCoin{"5 cent", 5},\n');
        replace(d, 'report/report.go', '\t"fmt"\n', '\t"fmt"\n\t"os"\n');
      });
      const { code, o } = fix(dir);
      expect(o.outcome).toBe('fixed');
      expect(code).toBe(0);
      expect(o.validation.after.passed).toBe(true);
    });

    it('a module that declares no check is checked with go vet and gofmt, and gofmt knows its own listing', () => {
      const dir = exampleRepo('go-module', {
        base: (d) => rmSync(join(d, 'justfile')),
        edit: (d) => {
          replace(d, 'money/money.go', '\tsign := ""\n', '    sign := ""\n');
          replace(d, 'report/report.go', '\t"fmt"\n', '\t"fmt"\n\t"os"\n');
        },
      });
      const { code, o } = fix(dir);
      expect(o.validation.check.source).toBe('tool-config');
      expect(o.validation.check.commands).toEqual([
        'go vet ./...',
        expect.stringMatching(/-exec gofmt -l \{\} \+\); if \[ -n "\$out" \]/),
      ]);
      expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
        ['goimports', ['report/report.go']],
        ['gofmt', ['money/money.go']],
      ]);
      expect([o.outcome, code]).toEqual(['fixed', 0]);
    });
  },
);

describe.skipIf(!goTools)('the model fixes what no Go tool fixes', () => {
  let server: FakeLlmServer;
  beforeAll(async () => {
    server = await startFakeLlmServer();
  });
  afterAll(() => server.close());

  it('a type error (go vet, go test, staticcheck) and an S1003: one request a file, each edit validated and committed', async () => {
    const dir = exampleRepo('go-module');
    const before = server.requests.length;
    server.respond(({ body }) => {
      const prompt = JSON.stringify(body);
      return prompt.includes('S1003')
        ? anthropicToolReply({
            edits: [
              {
                file: 'inventory/stock.go',
                old: '\t\tif strings.Index(strings.ToLower(sku), strings.ToLower(query)) != -1 {',
                new: '\t\tif strings.Contains(strings.ToLower(sku), strings.ToLower(query)) {',
              },
            ],
          })
        : anthropicToolReply({
            edits: [
              {
                file: 'pricing/pricing.go',
                old: '\tgross := unit * quantity',
                new: '\tgross := unit * money.Cents(quantity)',
              },
            ],
          });
    });
    const r = await cliAsync(['fix', '--cwd', dir, '--format', 'json'], {
      PATH: toolsPath,
      ANTHROPIC_API_KEY: 'sk-ant-test',
      ANTHROPIC_BASE_URL: server.url,
      CI_AUTOFIX_STATE_DIR: mkdtempSync(join(tmpdir(), 'ci-autofix-state-')),
    });
    server.respond(undefined);
    const o = JSON.parse(r.stdout) as Outcome;
    // The model's fixes in the order of their files' findings in the check's output.
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
      ['goimports', ['report/report.go']],
      ['gofmt', ['money/money.go']],
      ['model', ['pricing/pricing.go']],
      ['model', ['inventory/stock.go']],
    ]);
    expect(o.outcome).toBe('partial');
    expect(remaining(o)).toEqual(['go test-failed inventory/stock_test.go: none']);
    const sent = server.requests.slice(before).map((q) => JSON.stringify(q.body));
    expect(sent).toHaveLength(2);
    // The request shows the function the type error is in, and the compiler's message.
    const pricing = sent.find((p) => p.includes('pricing/pricing.go'))!;
    expect(pricing).toContain(
      'func Total(unit money.Cents, quantity int, discountPercent int) money.Cents {',
    );
    expect(pricing).toContain('mismatched types money.Cents and int');
    expect(read(dir, 'pricing/pricing.go')).toContain('gross := unit * money.Cents(quantity)');
    expect(git(dir, 'log', '-2', '--format=%s').trim().split('\n')).toEqual([
      'fix(lint): fix 1 finding(s) with a model (S1003)',
      'fix(type): fix 2 finding(s) with a model (compile)',
    ]);
  });
});

describe.skipIf(!goTools)("go mod tidy's fix mode", () => {
  const tidy = (dir: string, files: string[]) => {
    const go = execFileSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).trim();
    const cmd = goModTidyFixer.command(files, [], {
      tools: { resolve: () => ({ path: go, origin: 'PATH' }) },
      args: [],
      unsafeFixes: false,
    })!;
    // An empty module cache, as in the sandbox (its HOME is new on every run).
    const home = mkdtempSync(join(tmpdir(), 'ci-autofix-gohome-'));
    return spawnSync(cmd.argv[0]!, cmd.argv.slice(1), {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: home },
      encoding: 'utf8',
    });
  };

  it('runs offline in the module a finding names, when the module needs nothing it must download', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-tidy-'));
    cpSync(join(repoRoot, 'test/fixtures/tools/src/go-tidy'), dir, { recursive: true });
    const r = tidy(dir, ['shop/go.mod', 'shop/go.sum']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(read(dir, 'shop/go.mod')).toContain(
      'require example.com/money v0.0.0-00010101000000-000000000000',
    );
    expect(read(dir, 'shop/go.mod')).not.toContain('require example.com/unused');
    expect(read(dir, 'shop/go.sum')).toBe('');
  });

  it('fails, and says why, when a module must be downloaded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-tidy-'));
    writeFileSync(join(dir, 'go.mod'), 'module example.com/needs\n\ngo 1.19\n');
    writeFileSync(
      join(dir, 'main.go'),
      'package main\n\nimport "github.com/google/uuid"\n\nfunc main() { _ = uuid.New() }\n',
    );
    const r = tidy(dir, ['go.mod']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('module lookup disabled by GOPROXY=off');
    expect(read(dir, 'go.mod')).toBe('module example.com/needs\n\ngo 1.19\n');
  });
});
