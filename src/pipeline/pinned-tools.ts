import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FixJobDeps } from './fix-job.js';
import type { Job } from './job.js';

/** The repository's pinned tool versions, installed where they differ from what would run. */
export async function pinnedTools(
  deps: FixJobDeps,
  dir: string,
  readable: string[],
  progress: Job['progress'],
) {
  if (!deps.toolchain) return undefined;
  const resolver = deps.tools(dir);
  const prepared = await deps.toolchain.prepare(dir, async (tool) => {
    const found = resolver.resolve(tool);
    if (!found) return undefined;
    const r = await deps.sandbox.run({
      argv: [found.path, '--version'],
      cwd: dir,
      writable: [],
      readable,
      timeoutMs: 30_000,
    });
    return r.exitCode === 0 ? r.output : undefined;
  });
  for (const p of prepared.pins.filter((p) => p.provisioned))
    progress(
      'check',
      `${p.tool} ${p.version}, as ${p.source} pins it${p.installed ? ` (not ${p.installed})` : ''}`,
    );
  return prepared;
}

/** Pinned tools first: on the PATH of every sandboxed command, and for the fixers' tool lookup. */
export function withTools(deps: FixJobDeps, binDirs: string[]): FixJobDeps {
  if (!binDirs.length) return deps;
  return {
    ...deps,
    sandbox: {
      backend: deps.sandbox.backend,
      run: (request) =>
        deps.sandbox.run({ ...request, pathPrefix: [...binDirs, ...(request.pathPrefix ?? [])] }),
    },
    tools: (root) => {
      const inner = deps.tools(root);
      return {
        resolve(program) {
          for (const dir of binDirs)
            if (existsSync(join(dir, program)))
              return { path: join(dir, program), origin: 'repository' as const };
          return inner.resolve(program);
        },
      };
    },
  };
}
