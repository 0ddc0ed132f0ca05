import { describe, expect, it } from 'vitest';
import { repoRelativePath } from './workspace-path.js';

describe('repoRelativePath', () => {
  it.each([
    ['/home/runner/work/shop/shop/pkg/a.py', 'pkg/a.py'],
    ['/__w/shop/shop/src/x.ts', 'src/x.ts'],
    ['/Users/runner/work/shop/shop/a.go', 'a.go'],
    ['D:\\a\\shop\\shop\\src\\x.ts', 'src/x.ts'],
    ['./pkg/a.py', 'pkg/a.py'],
    ['pkg/a.py', 'pkg/a.py'],
    ['/etc/passwd', '/etc/passwd'],
  ])('%s → %s', (input, expected) => {
    expect(repoRelativePath(input)).toBe(expected);
  });
});
