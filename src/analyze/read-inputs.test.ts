import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from './log-analyzer.js';
import { chooseZipEntries, looksBinary, readInput } from './read-inputs.js';

describe('run-logs zip', () => {
  it('prefers per-step files to the whole-job file, in step order', () => {
    expect(
      chooseZipEntries([
        '0_build.txt',
        'build/10_Run tests.txt',
        'build/2_Run lint.txt',
        'build/1_Set up job.txt',
        '1_other.txt',
      ]),
    ).toEqual([
      { name: '1_other.txt' },
      { name: 'build/1_Set up job.txt', step: 'build / Set up job' },
      { name: 'build/2_Run lint.txt', step: 'build / Run lint' },
      { name: 'build/10_Run tests.txt', step: 'build / Run tests' },
    ]);
  });

  it('a zip with no logs in it is refused with a message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-zip-'));
    const file = join(dir, 'pictures.zip');
    writeFileSync(file, zipSync({ 'a.png': strToU8('not a log') }));
    await expect(readInput(file, new LogAnalyzer())).rejects.toThrow(/holds no \.txt log files/);
  });
});

describe('looksBinary', () => {
  it('tells text from binary', () => {
    expect(looksBinary(Buffer.from('2026-03-04T10:15:01Z hello\n'))).toBe(false);
    expect(looksBinary(Buffer.from('héllo ✨ \x1b[31mred\x1b[0m\n'))).toBe(false);
    expect(looksBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))).toBe(true);
  });
});
