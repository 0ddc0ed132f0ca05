import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLocated, type LogLine, type ParsedDiagnostic } from '../../domain/index.js';
import type { FixerContext } from '../fixer.js';
import { assertionRewrites, toolVerdict } from '../index.js';
import type { LogParser } from '../parser.js';
import { goimportsFixer, gofmtFixer, goModTidyFixer, moduleDirs } from './fixers.js';
import { goFormatParser } from './format-parser.js';
import { staticcheckParser } from './staticcheck-parser.js';

/**
 * The Go family's parsers on the recorded real outputs (test/fixtures/tools/out/, recorded by
 * record.d/go.sh) placed as CI shows them — under a step's name, a runner's header, after another
 * command — and its verdicts and fix commands. The plain parse of each output is checked line by line in
 * test/parser-fixtures.test.ts.
 */
const recorded = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/tools/out', `${name}.txt`), 'utf8')
    .trimEnd()
    .split('\n');

type Marked = string | { group: string } | 'endgroup';

/** Runs a parser over lines as one step, as the analyzer hands them (markers already recognised). */
function parse(parser: LogParser, step: string, lines: Marked[]): ParsedDiagnostic[] {
  const found: ParsedDiagnostic[] = [];
  const state = parser.create({ diagnostic: (d) => found.push(d), testRun: () => {} });
  lines.forEach((m, i) => {
    const text = typeof m === 'string' ? (m === 'endgroup' ? '' : m) : m.group;
    const marker = typeof m === 'string' ? (m === 'endgroup' ? 'endgroup' : undefined) : 'group';
    const l: LogLine = { text, no: i + 1, step, located: isLocated(text), marker };
    state.line(l);
  });
  state.end();
  return found;
}
const brief = (ds: ParsedDiagnostic[]) =>
  ds.map((d) => {
    const line = d.location?.range?.start.line;
    return `${d.source.name} ${d.code?.value} ${d.location?.path}${line ? `:${line}` : ''}`;
  });

describe('gofmt and goimports: whose bare paths', () => {
  const listing = recorded('gofmt-l').slice(1); // the file names, without the shell's trace line

  it('the step that ran the command says whose (a GitHub step, the check ci-autofix composed)', () => {
    expect(brief(parse(goFormatParser, 'Run test -z "$(gofmt -l .)"', listing))).toEqual([
      'gofmt format layout.go',
    ]);
    expect(brief(parse(goFormatParser, 'Run goimports -l .', listing))).toEqual([
      'goimports imports layout.go',
    ]);
    expect(brief(parse(goFormatParser, 'Run gofmt -s -l -w=false .', listing))).toEqual([
      'gofmt simplify layout.go',
    ]);
  });

  it('a bare path with no formatter in sight is nobody’s', () => {
    expect(parse(goFormatParser, 'Run git diff --name-only', listing)).toEqual([]);
  });

  it("the runner's header and script lines name the command; the last formatter named runs last", () => {
    const lines: Marked[] = [
      { group: 'Run make fmt-check' },
      'gofmt -s -l . > /tmp/gofmt.out',
      'goimports -l .',
      'shell: /usr/bin/bash -e {0}',
      'endgroup',
      ...recorded('goimports-l').slice(1),
    ];
    expect(brief(parse(goFormatParser, 'Run make fmt-check', lines))).toEqual([
      'goimports imports imports.go',
      'goimports imports layout.go',
    ]);
  });

  it('a command that is not a formatter ends their listing', () => {
    const lines = [...recorded('gofmt-l'), '+ go vet ./...', 'layout.go'];
    expect(brief(parse(goFormatParser, 'just check', lines))).toEqual(['gofmt format layout.go']);
  });

  it("a diff's hunk counts say where it ends: a traced command after it is not an added line", () => {
    const lines = [...recorded('gofmt-d'), ...recorded('goimports-l')];
    expect(brief(parse(goFormatParser, 'just check', lines))).toEqual([
      'gofmt format layout.go:4',
      'goimports imports imports.go',
      'goimports imports layout.go',
    ]);
  });

  it('one finding per tool and file, listed and diffed alike', () => {
    const lines = ['+ gofmt -l -d .', ...recorded('gofmt-l').slice(1), ...recorded('gofmt-d')];
    expect(brief(parse(goFormatParser, 'check', lines))).toEqual(['gofmt format layout.go']);
  });
});

describe('staticcheck', () => {
  it('a stylish block needs its file line: findings of another tool in the same shape are not taken', () => {
    const stylish = recorded('staticcheck-stylish');
    expect(parse(staticcheckParser, 'lint', stylish)).toHaveLength(10);
    expect(
      parse(
        staticcheckParser,
        'lint',
        stylish.filter((l) => !l.endsWith('.go')),
      ),
    ).toEqual([]);
  });

  it("S1038's own rewrite of a test's failure line counts as the same assertion", () => {
    expect(assertionRewrites.S1038!('\t\tt.Fatal(fmt.Sprintf("Decode failed: %s", err))')).toEqual([
      '\t\tt.Fatalf("Decode failed: %s", err)',
    ]);
  });

  it('ST1003 on an exported name is an API change for a person; an unexported one is a model’s', () => {
    const [exported, local] = parse(staticcheckParser, 'lint', recorded('staticcheck')).filter(
      (d) => d.code?.value === 'ST1003',
    );
    expect(toolVerdict(exported!)).toMatchObject({ fixability: 'none' });
    expect(toolVerdict(local!)).toMatchObject({ category: 'lint', fixability: 'llm' });
  });
});

const finding = (tool: string, message: string, code?: string, path = 'a.go'): ParsedDiagnostic => ({
  message,
  severity: 'error',
  source: { name: tool },
  log: { step: 'check', lines: [1, 1] },
  location: { path },
  ...(code ? { code: { value: code } } : {}),
});
const ctx: FixerContext = {
  tools: { resolve: (p) => ({ path: `/usr/bin/${p}`, origin: 'PATH' }) },
  args: [],
  unsafeFixes: false,
};
const judged = (d: ParsedDiagnostic) => ({ ...d, ...toolVerdict(d) });

describe('verdicts and fix commands', () => {
  it("go vet's analyzers are named in the reason; an unused import is goimports'", () => {
    expect(toolVerdict(finding('go', 'redundant or: x == 1 || x == 1'))).toEqual({
      category: 'lint',
      fixability: 'llm',
      reason: "go vet's bools check; vet has no fix mode",
    });
    for (const m of [
      'imported and not used: "os"',
      '"os" imported and not used',
      '"os" imported but not used',
    ]) {
      const d = judged(finding('go', m));
      expect([m, d.fixability, goimportsFixer.appliesTo(d)]).toEqual([m, 'deterministic', true]);
    }
    expect(goimportsFixer.appliesTo(judged(finding('go', 'undefined: strings')))).toBe(false);
  });

  it('gofmt gets -s when the check ran gofmt -s', () => {
    const plain = [judged(finding('gofmt', 'x', 'format'))];
    const simplify = [judged(finding('gofmt', 'x', 'simplify'))];
    expect(gofmtFixer.command(['a.go'], plain, ctx)?.argv).toEqual(['/usr/bin/gofmt', '-w', 'a.go']);
    expect(gofmtFixer.command(['a.go'], simplify, ctx)?.argv).toEqual(['/usr/bin/gofmt', '-w', '-s', 'a.go']);
  });

  it('go mod tidy runs offline in each module a finding names, the folders passed as data', () => {
    const found = finding('git', 'go.mod is not tidy', 'go-mod-tidy', 'go.mod');
    // Off by default (a `git diff --exit-code` check cannot prove an uncommitted fix); a repository's
    // verdict turns it on.
    expect(goModTidyFixer.appliesTo(judged(found))).toBe(false);
    const drift = [{ ...judged(found), fixability: 'deterministic' as const }];
    expect(goModTidyFixer.appliesTo(drift[0]!)).toBe(true);
    expect(goModTidyFixer.command(['go.mod', 'go.sum'], drift, ctx)?.argv).toEqual([
      'env',
      'GOPROXY=off',
      'GOTOOLCHAIN=local',
      '/usr/bin/go',
      'mod',
      'tidy',
    ]);
    expect(moduleDirs(['tools/go.sum', 'go.mod', 'tools/go.mod', 'README.md'])).toEqual(['.', 'tools']);
    const nested = goModTidyFixer.command(['shop/go.mod', 'api v2/go.sum'], drift, ctx)!.argv;
    expect(nested.slice(3, 5)).toEqual(['sh', '-c']);
    expect(nested.slice(6)).toEqual(['go-mod-tidy', 'api v2\nshop', '/usr/bin/go', 'mod', 'tidy']);
    expect(nested[5]).not.toContain('shop');
  });
});
