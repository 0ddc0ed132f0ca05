import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers/cli.js';

const example = join(repoRoot, 'examples/logs/python-job.log');
const exampleLines = readFileSync(example, 'utf8').split('\n');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ci-autofix-cli-'));
});

describe('ci-autofix CLI', () => {
  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(cli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('analyze');
    expect(cli(['analyze', '--help']).stdout).toContain('--format');
  });

  it('the README quick start: analyses the bundled job log as text', () => {
    const r = cli(['analyze', example]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/20 diagnostics: 8 fixable by a tool, 10 by a model, 2 not auto-fixable/);
    expect(r.stdout).toContain('Step: Run ruff check --output-format=github .');
    expect(r.stdout).toContain('→ not auto-fixable [test]: a failing assertion is a logic error');
    expect(r.stdout).toContain('Why CI is red');
  });

  it('json follows the contract and every line number points at the input line it came from', () => {
    const r = cli(['analyze', '--format', 'json', example]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      diagnostics: Array<{
        message: string;
        location?: { path: string };
        log: { step: string; lines: [number, number] };
      }>;
      excerpts: Array<{ step: string; lines: [number, number]; reason: string }>;
      tests: unknown[];
      jobs: Array<{ job: string; verdict: string; evidence: Array<{ lines: [number, number] }> }>;
      summary: { failed_steps: string[] };
    };
    expect(Object.keys(out)).toEqual(['diagnostics', 'excerpts', 'tests', 'jobs', 'summary']);
    // The job failed on its tools' findings: the change's, not the runner's.
    expect(out.jobs.map((j) => [j.job, j.verdict])).toEqual([['job', 'pr']]);
    for (const d of out.diagnostics) {
      const [a, b] = d.log.lines;
      const block = exampleLines.slice(a - 1, b).join('\n');
      // `sed -n a,bp` shows the diagnostic: its file or its message's first words are on those lines.
      const needle = d.location?.path.split('/').pop() ?? d.message.slice(0, 20);
      expect(block, `${d.message} at ${a}-${b}`).toContain(needle);
    }
    for (const e of out.excerpts) {
      expect(Object.keys(e).sort()).toEqual(['lines', 'reason', 'step']);
      expect(e.lines[0]).toBeLessThanOrEqual(e.lines[1]);
    }
    expect(out.summary.failed_steps).toEqual([
      'Run ruff check --output-format=github .',
      'Run ruff format --check .',
      'Run mypy pkg',
      'Run pytest -q',
    ]);
  });

  it('reads stdin when no file is given, and gzip logs', () => {
    const text = readFileSync(example);
    const fromStdin = JSON.parse(cli(['analyze', '-f', 'json'], { input: text }).stdout) as {
      diagnostics: unknown[];
    };
    const gz = join(tmp, 'job.log.gz');
    writeFileSync(gz, gzipSync(text));
    const fromGz = JSON.parse(cli(['analyze', '-f', 'json', gz]).stdout) as { diagnostics: unknown[] };
    expect(fromStdin.diagnostics).toHaveLength(20);
    expect(fromGz.diagnostics).toEqual(fromStdin.diagnostics);
  });

  it('analyses a truncated log (cut mid-line) without losing what came before', () => {
    const cut = join(tmp, 'cut.log');
    const text = readFileSync(example, 'utf8');
    writeFileSync(cut, text.slice(0, text.indexOf('Run mypy pkg') + 40));
    const r = cli(['analyze', '-f', 'json', cut]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { diagnostics: Array<{ source: { name: string } }> };
    expect(out.diagnostics.filter((d) => d.source.name === 'ruff')).toHaveLength(14);
  });

  it('exits 2 with a message that says what to do on bad input', () => {
    const bin = join(tmp, 'data.bin');
    writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0]));
    const badZip = join(tmp, 'bad.zip');
    writeFileSync(badZip, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
    const cases: Array<[string[], RegExp]> = [
      [['analyze', join(tmp, 'nope.log')], /no such file.*Pass a CI log file/],
      [['analyze', tmp], /is a directory/],
      [['analyze', bin], /looks like binary data, not a CI log/],
      [['analyze', badZip], /not a readable zip|holds no \.txt log files/],
      [['analyze', '--format', 'xml', example], /argument 'xml' is invalid|must be one of/],
      [
        ['analyze', '--max-diagnostics', 'lots', example],
        /--max-diagnostics must be a positive whole number/,
      ],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it('refuses a config with an unknown key, naming the key and its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-cfg-'));
    writeFileSync(join(dir, '.ci-autofix.yml'), 'fixable_patterns: []\nignore_pattern:\n  - flaky\n');
    const r = cli(['analyze', example], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.ci-autofix.yml:2: unknown key "ignore_pattern"');
  });

  it('applies ignore_patterns and per-tool overrides from the config', () => {
    const cfg = join(tmp, 'cfg.yml');
    writeFileSync(
      cfg,
      'ignore_patterns: ["imported but unused"]\ntools:\n  mypy:\n    fixability: none\n  pytest:\n    enabled: false\n',
    );
    const out = JSON.parse(cli(['analyze', '-f', 'json', '-c', cfg, example]).stdout) as {
      diagnostics: Array<{ source: { name: string }; fixability: string; message: string }>;
      summary: { ignored: number };
    };
    expect(out.summary.ignored).toBe(3);
    expect(out.diagnostics.some((d) => d.message.includes('imported but unused'))).toBe(false);
    expect(
      out.diagnostics.filter((d) => d.source.name === 'mypy').every((d) => d.fixability === 'none'),
    ).toBe(true);
    expect(out.diagnostics.some((d) => d.source.name === 'pytest')).toBe(false);
  });
});
