import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLocated, type ParsedDiagnostic, type TestRun } from '../../domain/index.js';
import { cargoParser } from './parser.js';

/**
 * The parser on the output formats of Rust 1.63 (Debian's toolchain), recorded by record.d/rust.sh with
 * RUST_OLD into src/rust-old-output/: the same crates as the recordings of today's toolchain in out/,
 * so each old output must give the findings (tool, file, line, lint) and test runs its new one gives.
 * test/parser-fixtures.test.ts reviews the new ones line by line.
 */
const fixtures = join(import.meta.dirname, '../../../test/fixtures/tools');
const old = (name: string) => join(fixtures, 'src/rust-old-output', `${name}.txt`);
const recorded = (name: string) => join(fixtures, 'out', `${name}.txt`);

function parse(text: string): { diagnostics: ParsedDiagnostic[]; runs: TestRun[] } {
  const diagnostics: ParsedDiagnostic[] = [];
  const runs: TestRun[] = [];
  const state = cargoParser.create({ diagnostic: (d) => diagnostics.push(d), testRun: (r) => runs.push(r) });
  // As the log cleaner hands them over: no colours (rustfmt colours its diff even in a pipe).
  text
    .replace(/\x1b\[[0-9;]*m|\x1b\(B/g, '')
    .split('\n')
    .forEach((line, i) => state.line({ text: line, no: i + 1, step: 'test', located: isLocated(line) }));
  state.end();
  return { diagnostics, runs };
}

const keys = (file: string) => {
  const { diagnostics, runs } = parse(readFileSync(file, 'utf8'));
  return [
    ...diagnostics.map((d) =>
      [d.source.name, d.location?.path ?? '-', d.location?.range?.start.line ?? '', d.code?.value ?? ''].join(
        ' ',
      ),
    ),
    ...runs.map((r) => `TESTS ${r.run}/${r.passed}/${r.failed}/${r.skipped} ${r.failed_names.join(',')}`),
  ].sort();
};

describe.skipIf(!existsSync(old('cargo-test')))('Rust 1.63 output parses as today’s does', () => {
  for (const name of ['rustfmt-check', 'clippy-deny', 'cargo-test'])
    it(`${name}: the same findings and test runs`, () => {
      const now = keys(recorded(name));
      expect(now.length).toBeGreaterThan(0);
      expect(keys(old(name))).toEqual(now);
    });

  it('rustfmt 1.5 says `at line N`', () => {
    const text = readFileSync(old('rustfmt-check'), 'utf8');
    expect(text).toContain('Diff in /tmp/work/src/lib.rs at line 31:');
    expect(parse(text).diagnostics.map((d) => d.location)).toEqual([
      { path: '/tmp/work/src/lib.rs', range: { start: { line: 31 } } },
    ]);
  });

  it("libtest's old panics: the message between quotes, over lines; the standard library's place is no place", () => {
    const { diagnostics } = parse(readFileSync(old('cargo-test'), 'utf8'));
    const byTest = new Map(diagnostics.map((d) => [d.test?.name, d]));
    expect(byTest.get('tests::adds')?.message).toBe(
      'assertion failed: `(left == right)`\n  left: `3`,\n right: `4`',
    );
    expect(byTest.get('tests::with_message')?.message).toBe('zero plus zero is 0');
    // A test returning Err panics inside libtest, at /usr/src/rustc-1.63.0/library/test/src/lib.rs.
    expect(byTest.get('tests::returns_error')?.location).toBeUndefined();
    expect(byTest.get('tests::returns_error')?.message).toContain('termination value with a non-zero status');
    // A doc test is where its name says, not at the generated test's line.
    expect(byTest.get('src/lib.rs - add (line 6)')?.location?.range?.start.line).toBe(6);
  });
});

describe('the rustc block', () => {
  it("a lint's later findings carry no note: they get the lint an earlier finding with the same message had", () => {
    const { diagnostics } = parse(readFileSync(recorded('clippy-warn'), 'utf8'));
    const fieldNames = diagnostics.filter((d) => d.message.startsWith('redundant field names'));
    expect(fieldNames.map((d) => [d.source.name, d.code?.value])).toEqual([
      ['clippy', 'clippy::redundant_field_names'],
      ['clippy', 'clippy::redundant_field_names'],
    ]);
  });

  it('a header with no `-->` is no finding, and the lines after it reach the other readers', () => {
    const text = readFileSync(recorded('cargo-test'), 'utf8');
    expect(text).toContain('error: test failed, to rerun pass `--lib`');
    const { diagnostics, runs } = parse(text);
    expect(diagnostics.every((d) => d.code?.value === 'test-failed')).toBe(true);
    expect(runs.map((r) => r.failed)).toEqual([5, 1, 1]);
  });

  it('JSON lines (cargo --message-format=json) are not read as findings', () => {
    expect(parse(readFileSync(recorded('clippy-json'), 'utf8')).diagnostics).toEqual([]);
  });
});
