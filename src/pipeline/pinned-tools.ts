import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../domain/index.js';
import { helpersFor, pinnable } from '../tools/catalog-pins.js';
import { commandText } from '../validate/index.js';
import type { FixJobDeps } from './fix-job.js';
import type { Job } from './job.js';

/** The tools whose version ci-autofix may install: the ones a repository can pin. */
const KNOWN = pinnable.map((t) => t.name);

/** Files that say what a `just check`, `make lint` or npm script runs. */
const RECIPES = ['justfile', 'Justfile', '.justfile', 'Makefile', 'makefile', 'GNUmakefile', 'package.json'];

/** The known tools the check visibly runs: named in its commands or in the recipe file behind them. */
export async function toolsOfCheck(job: Job): Promise<string[]> {
  let text = job.check.commands.map(commandText).join('\n');
  if (['justfile', 'makefile', 'package.json'].includes(job.check.source))
    for (const f of RECIPES) text += `\n${(await job.deps.workspace.fileAtHead(job.wt.dir, f)) ?? ''}`;
  return KNOWN.filter((t) => new RegExp(`(^|[^\\w-])${t}([^\\w-]|$)`, 'm').test(text));
}

/** The tools the fixers will run for these findings, and those that fix other tools' findings. */
export function toolsOfFindings(ds: Diagnostic[]): { wanted: string[]; helpers: string[] } {
  const sources = new Set(ds.filter((d) => d.fixability !== 'none').map((d) => d.source.name));
  const wanted = KNOWN.filter((t) => sources.has(t));
  const helpers = helpersFor(sources);
  return { wanted: [...new Set([...wanted, ...helpers])], helpers };
}

/**
 * Makes the repository's pinned versions of `wanted` tools (and ci-autofix's own `helpers`) available to
 * the job, each tool considered once: their folders join `job.toolDirs`, which every sandboxed command and
 * the fixers' tool lookup read (`withTools`). Returns the tools newly put on the PATH.
 */
export async function provideTools(job: Job, wanted: string[], helpers: string[] = []): Promise<string[]> {
  const { deps, wt, readable } = job;
  const fresh = wanted.filter((t) => !job.toolsConsidered.has(t));
  if (!deps.toolchain || !fresh.length) return [];
  for (const t of fresh) job.toolsConsidered.add(t);
  const resolver = deps.tools(wt.dir);
  const prepared = await deps.toolchain.prepare(
    wt.dir,
    async (tool) => {
      const found = resolver.resolve(tool);
      if (!found) return undefined;
      const r = await deps.sandbox.run({
        argv: [found.path, '--version'],
        cwd: wt.dir,
        writable: [],
        readable,
        timeoutMs: 30_000,
      });
      return r.exitCode === 0 ? r.output : undefined;
    },
    fresh,
    helpers.filter((h) => fresh.includes(h)),
  );
  job.toolDirs.push(...prepared.binDirs);
  job.outcome.notes.push(...prepared.notes);
  if (prepared.pins.length) job.outcome.pins = [...(job.outcome.pins ?? []), ...prepared.pins];
  const provided = prepared.pins.filter((p) => p.provisioned);
  for (const p of provided)
    job.emit({
      type: 'tool-pinned',
      tool: p.tool,
      version: p.version,
      source: p.source,
      ...(p.installed ? { installed: p.installed } : {}),
    });
  return [...provided.map((p) => p.tool), ...(prepared.binDirs.length > provided.length ? helpers : [])];
}

/**
 * The job's tool folders first: on the PATH of every sandboxed command, and for the fixers' tool lookup.
 * `dirs` is read at each call, so tools provided later in the job take effect from then on.
 */
export function withTools(deps: FixJobDeps, dirs: readonly string[]): FixJobDeps {
  return {
    ...deps,
    sandbox: {
      backend: deps.sandbox.backend,
      run: (request) =>
        deps.sandbox.run(
          dirs.length ? { ...request, pathPrefix: [...dirs, ...(request.pathPrefix ?? [])] } : request,
        ),
    },
    tools: (root) => {
      const inner = deps.tools(root);
      return {
        resolve(program) {
          for (const dir of dirs)
            if (existsSync(join(dir, program)))
              return { path: join(dir, program), origin: 'repository' as const };
          return inner.resolve(program);
        },
      };
    },
  };
}
