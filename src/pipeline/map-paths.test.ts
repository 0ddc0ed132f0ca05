import { describe, expect, it } from 'vitest';
import { mapPath } from './map-paths.js';

const map = {
  roots: ['/home/me/proj', '/tmp/ci-autofix-wt-1'],
  tracked: new Set(['pkg/mod.py', 'web/src/app.ts', 'a/util.py', 'b/util.py', 'setup.py']),
};

describe('mapPath', () => {
  it('keeps a tracked path, strips a root, finds the longest tracked suffix', () => {
    expect(mapPath('pkg/mod.py', map)).toBe('pkg/mod.py');
    expect(mapPath('/home/me/proj/pkg/mod.py', map)).toBe('pkg/mod.py');
    expect(mapPath('/tmp/ci-autofix-wt-1/pkg/new.py', map)).toBe('pkg/new.py');
    expect(mapPath('/builds/group/project/pkg/mod.py', map)).toBe('pkg/mod.py');
    expect(mapPath('/app/setup.py', map)).toBe('setup.py');
    expect(mapPath('C:\\a\\proj\\pkg\\mod.py', map)).toBe('pkg/mod.py');
  });

  it('an absolute path no tracked file ends with is not the repository’s', () => {
    expect(mapPath('/usr/lib/python3/site-packages/x.py', map)).toBeUndefined();
  });

  it('a relative path from a job run in a subfolder maps when exactly one tracked file ends with it', () => {
    expect(mapPath('src/app.ts', map)).toBe('web/src/app.ts');
    expect(mapPath('util.py', map)).toBe('util.py');
    expect(mapPath('../outside.py', map)).toBe('../outside.py');
  });
});
