import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './cli.js';

/** Every test file of src/ and test/ (not the fixtures' own), relative to the repository. */
export function testFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      if (e.name === 'node_modules' || e.name === 'fixtures' || e.name.startsWith('.')) return [];
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path);
      return e.name.endsWith('.test.ts') ? [relative(repoRoot, path)] : [];
    });
  return [...walk(join(repoRoot, 'src')), ...walk(join(repoRoot, 'test'))];
}
