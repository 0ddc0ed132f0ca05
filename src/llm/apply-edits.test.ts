import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits.js';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-edits-'));
  writeFileSync(
    join(dir, 'a.py'),
    'def total(values: list[int]) -> str:\n    return sum(values)\n\n\ndef other() -> int:\n    return 1\n',
  );
  return dir;
}

describe('applyEdits', () => {
  it('applies an exact edit, then a whitespace-tolerant one', async () => {
    const dir = repo();
    const r = await applyEdits(
      dir,
      [
        {
          file: 'a.py',
          old: 'def total(values: list[int]) -> str:',
          new: 'def total(values: list[int]) -> int:',
        },
        { file: 'a.py', old: 'def other()  ->  int:\n  return 1', new: 'def other() -> int:\n    return 2' },
      ],
      new Set(['a.py']),
    );
    expect(r.rejected).toEqual([]);
    expect(r.applied.map((a) => a.match)).toEqual(['exact', 'whitespace']);
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(
      'def total(values: list[int]) -> int:\n    return sum(values)\n\n\ndef other() -> int:\n    return 2\n',
    );
  });

  it('rejects, with a reason to feed back, what does not apply or is not allowed', async () => {
    const dir = repo();
    const before = readFileSync(join(dir, 'a.py'), 'utf8');
    const r = await applyEdits(
      dir,
      [
        { file: 'a.py', old: 'return sum(total)', new: 'x' },
        { file: 'tests/test_a.py', old: 'assert', new: '' },
        { file: '../etc/passwd', old: 'root', new: 'x' },
        { file: 'a.py', old: '    return ', new: '    return 0 or ' },
        { file: 'a.py', old: '', new: 'import os\n' },
      ],
      new Set(['a.py']),
    );
    expect(r.applied).toEqual([]);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      '`old` does not occur in the file (even ignoring whitespace): quote the current text exactly',
      'tests/test_a.py was not in the context you were given; edit only those files',
      'the path leaves the repository',
      '`old` occurs more than once: include more surrounding lines so it is unique',
      '`old` is empty: quote the exact lines to replace',
    ]);
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(before);
  });
});
