import { describe, expect, it } from 'vitest';
import type { Diagnostic, LogLine, ParsedDiagnostic } from '../../domain/index.js';
import type { FixerContext } from '../fixer.js';
import { parseHeader } from './default-report.js';
import { conciseLine } from './finding.js';
import { biomeAssist, biomeFormat, biomeLint } from './fixers.js';
import { biomeParser } from './parser.js';
import { biomeVerdict } from './triage.js';

/** Feeds lines to one step of the parser, as the analyzer does (workflow commands and annotations marked). */
function parse(lines: Array<string | { text: string; annotation: 'error' | 'warning' }>): ParsedDiagnostic[] {
  const out: ParsedDiagnostic[] = [];
  const state = biomeParser.create({ diagnostic: (d) => out.push(d), testRun: () => {} });
  lines.forEach((l, i) => {
    const command = typeof l === 'string' ? /^::(error|warning)/.exec(l)?.[1] : undefined;
    const line: LogLine =
      typeof l === 'string'
        ? { text: l, no: i + 1, step: 's', located: false }
        : { text: l.text, no: i + 1, step: 's', located: false, annotation: l.annotation };
    if (command) line.annotation = command as 'error' | 'warning';
    state.line(line);
  });
  state.end();
  return out;
}

const BLOCK = [
  'src/a.ts:3:7 lint/style/useConst  FIXABLE  ━━━━━━━━━━━━━━━━━━━━',
  '',
  '  × This let declares a variable that is only assigned once.',
  '  ',
  '  i Safe fix: Use const instead.',
  '',
];

describe("Biome's report headers", () => {
  it('reads a located header, a whole-file one, tags, and leaves the run verdict without a path', () => {
    expect(parseHeader('src/a b.ts:12:3 lint/suspicious/noDoubleEquals  FIXABLE  ━━━━')).toEqual({
      category: 'lint/suspicious/noDoubleEquals',
      tags: ['FIXABLE'],
      path: 'src/a b.ts',
      line: 12,
      column: 3,
    });
    expect(parseHeader('./src/b.ts format ━━━━')).toEqual({
      category: 'format',
      tags: [],
      path: './src/b.ts',
    });
    expect(parseHeader('ci ━━━━━━')).toEqual({ category: 'ci', tags: [] });
    // A heavy line that is not a header: prose, or a tag that is not a capital word.
    expect(parseHeader('Done ━━━ in 3 s')).toBeUndefined();
    expect(parseHeader('src/a.ts format  fixable  ━━━')).toBeUndefined();
  });

  it('reads concise lines, and not a line that only looks alike', () => {
    expect(
      conciseLine('× src/a.ts:2:9: lint/suspicious/noDoubleEquals: Using == may be unsafe: really'),
    ).toEqual({
      path: 'src/a.ts',
      line: 2,
      column: 9,
      category: 'lint/suspicious/noDoubleEquals',
      severity: 'error',
      message: 'Using == may be unsafe: really',
    });
    expect(
      conciseLine('× src/b.ts: format: Formatter would have printed the following content:'),
    ).toMatchObject({
      path: 'src/b.ts',
      category: 'format',
    });
    expect(conciseLine('× 2 tests failed: see above: the log')).toBeUndefined();
  });
});

describe('the parser', () => {
  it('takes the fix from the advice line: safe, unsafe, none', () => {
    const unsafe = BLOCK.map((l) => l.replace('Safe fix', 'Unsafe fix'));
    const none = ['src/a.ts:9:1 lint/suspicious/noExplicitAny ━━━━', '', '  × Unexpected any.', ''];
    expect([...parse(BLOCK), ...parse(unsafe), ...parse(none)].map((d) => d.hints?.fixAvailable)).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('leaves out the run verdict, a file summary, infos, and the format of a file that does not parse', () => {
    const lines = [
      'src/c.ts format ━━━━',
      '',
      "  × Code formatting aborted due to parsing errors. To format code with errors, enable the 'formatter.formatWithErrors' option.",
      './src/c.ts ci ━━━━',
      '',
      '  × The file contains diagnostics that needs to be addressed.',
      'biome.json:4:13 deserialize  DEPRECATED  ━━━━',
      '',
      '  i The use of the recommended field has been deprecated.',
      'ci ━━━━',
      '',
      '  × Some errors were emitted while running checks.',
    ];
    expect(parse(lines)).toEqual([]);
  });

  it('a GitHub command and its report block are one finding, on the command line, with the block’s fix and path', () => {
    const out = parse([
      '::error title=lint/style/useConst,file=/home/runner/work/r/r/src/a.ts,line=3,endLine=3,col=7,endColumn=10::This let declares a variable that is only assigned once.',
      ...BLOCK,
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      location: { path: 'src/a.ts', range: { start: { line: 3, column: 7 } } },
      hints: { fixAvailable: true },
      log: { lines: [1, 1] },
    });
  });

  it("a report block whose runner annotation came first is placed on the annotation's line", () => {
    const out = parse([
      { text: 'This let declares a variable that is only assigned once.', annotation: 'error' },
      ...BLOCK,
    ]);
    expect(out.map((d) => d.log.lines)).toEqual([[1, 1]]);
  });

  it('takes a `format` or `parse` command for Biome’s only when the step shows Biome ran', () => {
    const command =
      '::error title=format,file=src/a.ts,line=1,col=1::File content differs from formatting output';
    expect(parse([command])).toEqual([]);
    expect(parse([command, 'Checked 3 files in 2ms. No fixes applied.'])).toHaveLength(1);
  });
});

describe('verdicts', () => {
  const finding = (code: string, fixAvailable?: boolean, severity: 'error' | 'warning' = 'error') =>
    ({
      message: 'm',
      severity,
      source: { name: 'biome' },
      code: { value: code },
      log: { step: 's', lines: [1, 1] },
      ...(fixAvailable === undefined ? {} : { hints: { fixAvailable } }),
    }) as ParsedDiagnostic;
  const verdict = (d: ParsedDiagnostic) => {
    const v = biomeVerdict(d);
    return `${v.category}/${v.fixability}`;
  };

  it('format and imports are the tools’, lint by its fix, parse errors and lint without a fix a model’s', () => {
    expect(verdict(finding('format', true))).toBe('format/deterministic');
    expect(verdict(finding('organizeImports', true))).toBe('import/deterministic');
    expect(verdict(finding('assist/source/organizeImports', true))).toBe('import/deterministic');
    expect(verdict(finding('lint/style/useConst', true))).toBe('lint/deterministic');
    expect(verdict(finding('lint/suspicious/noDoubleEquals', false))).toBe('lint/llm');
    // Its fix is one Biome calls unsafe, but it is the edit the rule asks for.
    expect(verdict(finding('lint/correctness/noUnusedImports', false))).toBe('import/deterministic');
    expect(verdict(finding('parse'))).toBe('syntax/llm');
    expect(verdict(finding('lint/security/noGlobalEval', false))).toBe('security/none');
    expect(verdict(finding('deserialize'))).toBe('build/none');
  });

  it('a lint finding whose fix the log does not name is tried with the fix mode; a warning is left, fix or not', () => {
    expect(verdict(finding('lint/style/useConst'))).toBe('lint/deterministic');
    expect(verdict(finding('lint/suspicious/noExplicitAny', false, 'warning'))).toBe('lint/none');
    expect(verdict(finding('lint/style/useConst', true, 'warning'))).toBe('lint/none');
  });
});

describe('fix modes', () => {
  const ctx = (unsafeFixes: boolean): FixerContext => ({
    tools: { resolve: (p) => ({ path: `/repo/node_modules/.bin/${p}`, origin: 'repository' }) },
    args: [],
    unsafeFixes,
  });
  const d = (code: string) =>
    ({
      message: 'm',
      severity: 'error',
      source: { name: 'biome' },
      code: { value: code },
      log: { step: 's', lines: [1, 1] },
      category: 'lint',
      fixability: 'deterministic',
    }) as Diagnostic;

  it('each runs on the files named, the lint fix on the rules that failed, unsafe fixes only when opted in', () => {
    const rules = [d('lint/style/useConst'), d('lint/complexity/noUselessLabel')];
    expect(biomeLint.command(['src/a.ts'], rules, ctx(false))!.argv).toEqual([
      '/repo/node_modules/.bin/biome',
      'lint',
      '--write',
      '--only=lint/complexity/noUselessLabel',
      '--only=lint/style/useConst',
      'src/a.ts',
    ]);
    expect(biomeLint.command(['src/a.ts'], rules, ctx(true))!.argv).toContain('--unsafe');
    expect(biomeLint.command(['src/a.ts'], [d('plugin')], ctx(false))!.argv.slice(1)).toEqual([
      'lint',
      '--write',
      'src/a.ts',
    ]);
    expect(biomeFormat.command(['src/b.ts'], [d('format')], ctx(false))!.argv.slice(1)).toEqual([
      'format',
      '--write',
      'src/b.ts',
    ]);
    expect(biomeAssist.command(['src/c.ts'], [d('organizeImports')], ctx(false))!.argv.slice(1)).toEqual([
      'check',
      '--write',
      '--formatter-enabled=false',
      '--linter-enabled=false',
      'src/c.ts',
    ]);
  });

  it('each takes only its own findings', () => {
    const owners = (code: string) =>
      [biomeAssist, biomeFormat, biomeLint].filter((f) => f.appliesTo(d(code))).map((f) => f.name);
    expect(owners('format')).toEqual(['biome-format']);
    expect(owners('assist/source/organizeImports')).toEqual(['biome-assist']);
    expect(owners('lint/style/useConst')).toEqual(['biome-lint']);
    expect(biomeLint.appliesTo({ ...d('lint/suspicious/noExplicitAny'), fixability: 'llm' })).toBe(false);
  });
});
