import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, ParsedDiagnostic } from '../../domain/index.js';
import type { FixerContext } from '../fixer.js';
import { askClippy } from './ask.js';
import { clippyFixer, rustfmtFixer } from './fixers.js';
import { cargoVerdict } from './triage.js';

function finding(
  tool: string,
  code: string | null,
  message: string,
  extra: Partial<ParsedDiagnostic> = {},
): ParsedDiagnostic {
  return {
    message,
    severity: 'error',
    source: { name: tool },
    log: { step: 'check', lines: [1, 1] },
    location: { path: 'src/lib.rs', range: { start: { line: 3 } } },
    ...(code ? { code: { value: code } } : {}),
    ...extra,
  };
}

const judged = (d: ParsedDiagnostic): Diagnostic => ({ ...d, ...cargoVerdict(d) });

describe('verdicts on a Rust job', () => {
  it('a format difference is cargo fmt’s; a failing assertion a person’s; a panic elsewhere a run-time failure', () => {
    expect(cargoVerdict(finding('rustfmt', 'format', 'File is not formatted with rustfmt'))).toEqual({
      category: 'format',
      fixability: 'deterministic',
      reason: 'cargo fmt rewrites the file',
    });
    const test = (message: string) =>
      cargoVerdict(finding('cargo', 'test-failed', message, { test: { name: 't', framework: 'cargo' } }));
    expect(test('assertion `left == right` failed\n  left: 3\n right: 4').reason).toMatch(/logic error/);
    expect(test('assertion failed: `(left == right)`\n  left: `3`,').reason).toMatch(/logic error/);
    expect(test('index out of bounds: the len is 0 but the index is 3')).toMatchObject({
      category: 'test',
      fixability: 'none',
      reason: expect.stringMatching(/run time/),
    });
  });

  it('a lint with a suggestion shown is clippy --fix’s, one without a model’s; an unused import always clippy’s', () => {
    const shown = { hints: { fixAvailable: true } };
    expect(
      cargoVerdict(finding('clippy', 'clippy::needless_return', 'unneeded `return`', shown)),
    ).toMatchObject({
      category: 'lint',
      fixability: 'deterministic',
    });
    expect(cargoVerdict(finding('cargo', 'dead_code', 'function `helper` is never used'))).toEqual({
      category: 'lint',
      fixability: 'llm',
    });
    expect(cargoVerdict(finding('cargo', 'unused_imports', 'unused import: `HashSet`'))).toMatchObject({
      category: 'import',
      fixability: 'deterministic',
    });
  });

  it('compile errors are a model’s: unresolved names are imports, parse errors syntax, the rest types', () => {
    expect(
      cargoVerdict(finding('cargo', 'E0433', 'failed to resolve: use of undeclared type `HashMap`')),
    ).toEqual({
      category: 'import',
      fixability: 'llm',
    });
    expect(cargoVerdict(finding('cargo', null, 'expected `;`, found keyword `for`')).category).toBe('syntax');
    expect(cargoVerdict(finding('cargo', 'E0308', 'mismatched types'))).toEqual({
      category: 'type',
      fixability: 'llm',
    });
  });
});

const ctx: FixerContext = {
  tools: { resolve: (program) => ({ path: `/bin/${program}`, origin: 'PATH' }) },
  args: [],
  unsafeFixes: false,
};

describe('the fix modes', () => {
  it('cargo fmt formats the workspace with each package’s edition', () => {
    const d = judged(finding('rustfmt', 'format', 'File is not formatted with rustfmt'));
    expect(rustfmtFixer.appliesTo(d)).toBe(true);
    expect(rustfmtFixer.command(['src/lib.rs'], [d], ctx)?.argv).toEqual(['/bin/cargo-fmt', 'fmt', '--all']);
  });

  it('clippy --fix leaves on only the lints that failed; a code from a log that is no lint name never reaches argv', () => {
    const shown = { hints: { fixAvailable: true } };
    const ds = [
      judged(finding('clippy', 'clippy::needless_return', 'unneeded `return` statement', shown)),
      judged(finding('cargo', 'unused_imports', 'unused import: `HashSet`')),
      judged(finding('clippy', '--config=evil', 'x', shown)),
    ];
    expect(ds.map((d) => clippyFixer.appliesTo(d))).toEqual([true, true, true]);
    expect(clippyFixer.appliesTo(judged(finding('cargo', 'E0308', 'mismatched types')))).toBe(false);
    const argv = clippyFixer.command(['src/lib.rs'], ds, ctx)!.argv;
    expect(argv.slice(0, 7)).toEqual([
      '/bin/cargo-clippy',
      'clippy',
      '--fix',
      '--allow-dirty',
      '--allow-staged',
      '--allow-no-vcs',
      '--workspace',
    ]);
    expect(argv.slice(argv.indexOf('--'))).toEqual([
      '--',
      '-A',
      'clippy::all',
      '-A',
      'unused',
      '-W',
      'clippy::needless_return',
      '-W',
      'unused_imports',
    ]);
    expect(clippyFixer.command([], ds, { ...ctx, tools: { resolve: () => undefined } })).toBeUndefined();
  });
});

describe('asking clippy which findings it fixes (--message-format=json)', () => {
  const lines = readFileSync(
    join(import.meta.dirname, '../../../test/fixtures/tools/out/clippy-json.txt'),
    'utf8',
  )
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as unknown);

  it('only a MachineApplicable suggestion is a fix: HasPlaceholders and no suggestion are not', () => {
    const found = askClippy.read(lines, (p) => p);
    expect(found.map((f) => `${f.path}:${f.line} ${f.code} ${f.fix}`).sort()).toEqual([
      'src/lib.rs:12 clippy::needless_return safe',
      'src/lib.rs:16 clippy::len_zero safe',
      'src/lib.rs:25 clippy::redundant_field_names safe',
      'src/lib.rs:25 clippy::redundant_field_names safe',
      'src/lib.rs:28 dead_code none',
      'src/lib.rs:5 unused_imports safe',
      'src/lib.rs:9 clippy::needless_range_loop none',
    ]);
  });

  it('asks about lints only, and turns on exactly the lints asked about', () => {
    expect(askClippy.asks(finding('clippy', 'clippy::len_zero', 'x'))).toBe(true);
    expect(askClippy.asks(finding('cargo', 'E0308', 'mismatched types'))).toBe(false);
    expect(
      askClippy.argv('/bin/cargo-clippy', ['src/lib.rs'], ['clippy::len_zero', '-Zevil'], 'clippy'),
    ).toEqual([
      '/bin/cargo-clippy',
      'clippy',
      '--message-format=json',
      '--workspace',
      '--all-targets',
      '--',
      '-W',
      'clippy::len_zero',
    ]);
  });
});
