import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOutputFolders } from '../tools/index.js';
import type { FixJobDeps } from './fix-job.js';

/**
 * The tools' build output in a worktree of the job (cargo's `target/`, where the repository's
 * .gitignore may not name it) is ignored there before anything runs: never part of a fix's diff.
 */
export async function ignoreBuildOutput(
  deps: FixJobDeps,
  dir: string,
  tracked: Iterable<string>,
): Promise<void> {
  const read = (path: string) => {
    try {
      return readFileSync(join(dir, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const folders = buildOutputFolders({ tracked: [...tracked], read });
  if (folders.length) await deps.workspace.ignoreInWorktree(dir, folders);
}
