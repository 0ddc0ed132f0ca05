import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ToolResolver } from '../tools/index.js';

const isExecutable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The repository's own tool versions first (`.venv/bin`, `venv/bin`, `node_modules/.bin`), so a fix is
 * made with the version and configuration the repository's CI uses; then PATH.
 */
export function repositoryTools(root: string, path = process.env.PATH ?? ''): ToolResolver {
  const own = ['.venv/bin', 'venv/bin', 'node_modules/.bin'].map((d) => join(root, d));
  return {
    resolve(program) {
      for (const dir of own)
        if (isExecutable(join(dir, program))) return { path: join(dir, program), origin: 'repository' };
      for (const dir of path.split(delimiter))
        if (dir && isExecutable(join(dir, program))) return { path: join(dir, program), origin: 'PATH' };
      return undefined;
    },
  };
}
