import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageOf, maskMessage, signatureOf, type Signature } from './signature.js';

/**
 * The findings of the recorded tool outputs (test/fixtures/tools: real tools run on small projects), as
 * their expected files list them: `tool | path:line | severity | code | category/fixability | message | log`.
 */
function recordedFindings(): Array<{ tool: string; path: string; code: string; message: string }> {
  const dir = join(import.meta.dirname, '../../test/fixtures/tools/expected');
  return readdirSync(dir).flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .map((line) => line.split(' | '))
      .filter((c) => c.length >= 7 && !c[0]!.startsWith('TESTS'))
      .map(([tool, where, , code, , message]) => ({
        tool: tool!,
        path: where!.replace(/:\d+.*$/, ''),
        code: code!,
        message: message!.replace(/ ⏎ /g, '\n'),
      })),
  );
}

const recorded = recordedFindings();

/** The signature of the recorded finding of `tool` whose message is `message`, which must be there. */
function of(tool: string, message: string): Signature {
  const f = recorded.find((r) => r.tool === tool && r.message.split('\n')[0] === message);
  if (!f) throw new Error(`no recorded ${tool} finding says ${JSON.stringify(message)}`);
  return signatureOf({
    message: f.message,
    source: { name: f.tool },
    code: f.code ? { value: f.code } : undefined,
    location: { path: f.path },
  });
}

describe('finding signatures (real tool messages from the recorded outputs)', () => {
  it('the same kind of finding about other names, files, literals or numbers has one signature', () => {
    const same: Array<[string, string, string]> = [
      ['ruff', '`os` imported but unused', '`pkg.util` imported but unused'],
      ['flake8', "'os' imported but unused", "'sys' imported but unused"],
      [
        'ruff',
        'Local variable `unused` is assigned to but never used',
        'Local variable `x` is assigned to but never used',
      ],
      ['pylint', 'Unused import os (unused-import)', 'Unused import pkg.util (unused-import)'],
      ['pytest', 'AssertionError: assert 4 == 5', 'AssertionError: assert 6 == 7'],
      ['cargo', 'unused import: `std::process`', 'unused import: `Display`'],
      ['go', 'undefined: undefinedThing', 'undefined: strings'],
      ['go', "expected ')', found 'return'", "expected ')', found '}'"],
      ['biome', 'expected `:` but instead found `1`', 'expected `:` but instead found `;`'],
    ];
    for (const [tool, a, b] of same) expect(of(tool, a).id, `${tool}: ${a} / ${b}`).toBe(of(tool, b).id);
  });

  it('another rule, tool, language or message is another signature', () => {
    const differ: Array<[[string, string], [string, string]]> = [
      [
        ['mypy', 'Function is missing a type annotation'],
        ['mypy', 'Function is missing a return type annotation'],
      ],
      [
        ['eslint', "'a' is assigned a value but never used"],
        ['eslint', "'fs' is defined but never used"],
      ],
      [
        ['ruff', '`os` imported but unused'],
        ['flake8', "'os' imported but unused"],
      ],
      [
        ['pytest', 'AssertionError: assert 4 == 5'],
        ['pytest', "AssertionError: assert 'ABC' == 'ABD'"],
      ],
      [
        ['gradle', 'java.lang.AssertionError'],
        ['gradle', 'java.lang.NullPointerException'],
      ],
    ];
    for (const [[ta, a], [tb, b]] of differ) expect(of(ta, a).id, `${a} / ${b}`).not.toBe(of(tb, b).id);
  });

  it('a pattern keeps the words and the rule, and no name, number, quote or path of the finding', () => {
    expect(of('mypy', 'Argument 1 to "add" has incompatible type "str"; expected "int"')).toMatchObject({
      tool: 'mypy',
      code: 'arg-type',
      language: 'python',
      pattern: 'Argument <n> to <q> has incompatible type <q>; expected <q>',
    });
    expect(of('cargo', 'test did not panic as expected at src/lib.rs:43:8').pattern).toBe(
      'test did not panic as expected at <path>:<n>:<n>',
    );
    expect(of('isort', 'Imports are incorrectly sorted and/or formatted.').pattern).toBe(
      'Imports are incorrectly sorted and/or formatted.',
    );
    expect(of('go', 'self-assignment of x to x').pattern).toBe('self-assignment of <name> to <name>');
    // Over every recorded finding: what is left is prose and the masks.
    const leaks = recorded
      .map((r) => maskMessage(r.message, r.tool))
      .filter((p) => /\d|['"`]|\w\/\w+\.\w/.test(p.replace(/<\w+>|(?<=\w)'(?=\w)/g, '')) && !/%2Fv1/.test(p));
    expect(leaks).toEqual([]);
  });

  it('is the same for the same finding, and the id is what memory commands take', () => {
    const a = of('ruff', 'Undefined name `undefined_name`');
    expect(of('ruff', 'Undefined name `undefined_name`')).toEqual(a);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(languageOf('web/src/app.tsx')).toBe('typescript');
    expect(languageOf(undefined)).toBe('');
  });
});
