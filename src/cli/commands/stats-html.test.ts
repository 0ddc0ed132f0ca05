import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writablePath, writeAtomically } from './stats-html.js';

describe('stats --html FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stats-html-'));

  it('a path whose folder is missing, or that is a folder, is refused before the database is opened', async () => {
    await expect(writablePath(join(dir, 'no-such-folder', 'stats.html'))).rejects.toMatchObject({
      code: 'usage',
      message: expect.stringMatching(/^--html ".*no-such-folder\/stats\.html": the folder .* does not exist/),
    });
    await expect(writablePath(dir)).rejects.toThrow(/that is a folder; give the path of a file to write/);
    expect(await writablePath(join(dir, 'stats.html'))).toBe(join(dir, 'stats.html'));
  });

  it('writes the file whole, over the one before, and leaves nothing beside it', async () => {
    const file = join(dir, 'overview.html');
    writeFileSync(file, 'old');
    await writeAtomically(file, '<!doctype html>\n');
    expect(readFileSync(file, 'utf8')).toBe('<!doctype html>\n');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await expect(writeAtomically(join(dir, 'gone', 'x.html'), 'x')).rejects.toThrow(
      /cannot write .*x\.html \(ENOENT\)/,
    );
  });
});
