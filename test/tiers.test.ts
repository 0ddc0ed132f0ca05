import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { testFiles } from './helpers/test-files.js';
import { START_FIRST, TIERS } from './tiers.js';

/** Every test file belongs to exactly one tier: a file in none would never run, in two would run twice. */
describe('test tiers', () => {
  it('hold every test file of src/ and test/ exactly once', () => {
    const files = testFiles();
    expect(files.length).toBeGreaterThan(50);
    const tiersOf = (file: string) =>
      Object.entries(TIERS)
        .filter(([, t]) => picomatch(t.include)(file) && !picomatch('exclude' in t ? t.exclude : [])(file))
        .map(([name]) => name);
    const wrong = files.map((f) => [f, tiersOf(f)] as const).filter(([, tiers]) => tiers.length !== 1);
    expect(wrong).toEqual([]);
  });

  it('start first only files that exist (test/sequencer.ts)', () => {
    const files = new Set(testFiles());
    expect(START_FIRST.filter((f) => !files.has(f))).toEqual([]);
  });
});
