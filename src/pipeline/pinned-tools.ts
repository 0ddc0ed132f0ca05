import type { Diagnostic } from '../domain/index.js';
import { helpersFor, pinnable } from '../tools/catalog-pins.js';
import { commandText } from '../validate/index.js';
import { effects, type JobContext, type Learnt } from './job.js';
import { emptyReport, type StageReport } from './outcome.js';

/** The tools whose version ci-autofix may install: the ones a repository can pin. */
const KNOWN = pinnable.map((t) => t.name);

/** Files that say what a `just check`, `make lint` or npm script runs. */
const RECIPES = ['justfile', 'Justfile', '.justfile', 'Makefile', 'makefile', 'GNUmakefile', 'package.json'];

/** The known tools the check visibly runs: named in its commands or in the recipe file behind them. */
export async function toolsOfCheck(ctx: JobContext): Promise<string[]> {
  let text = ctx.check.commands.map(commandText).join('\n');
  if (['justfile', 'makefile', 'package.json'].includes(ctx.check.source))
    for (const f of RECIPES) text += `\n${(await ctx.deps.workspace.fileAtHead(ctx.wt.dir, f)) ?? ''}`;
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
 * the job, each tool considered once: their folders join what the job learnt (`toolDirs`), which every
 * sandboxed command and the fixers' tool lookup then use (`effects`). Returns what was learnt, the tools
 * newly put on the PATH, and the pins and notes for the outcome.
 */
export async function provideTools(
  ctx: JobContext,
  learnt: Learnt,
  wanted: string[],
  helpers: string[] = [],
): Promise<{ learnt: Learnt; provided: string[]; report: StageReport }> {
  const { wt, readable } = ctx;
  const deps = effects(ctx, learnt);
  const fresh = wanted.filter((t) => !learnt.toolsConsidered.has(t));
  if (!deps.toolchain || !fresh.length) return { learnt, provided: [], report: emptyReport() };
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
  const provided = prepared.pins.filter((p) => p.provisioned);
  for (const p of provided)
    ctx.emit({
      type: 'tool-pinned',
      tool: p.tool,
      version: p.version,
      source: p.source,
      ...(p.installed ? { installed: p.installed } : {}),
    });
  return {
    learnt: {
      ...learnt,
      toolsConsidered: new Set([...learnt.toolsConsidered, ...fresh]),
      toolDirs: [...learnt.toolDirs, ...prepared.binDirs],
    },
    provided: [...provided.map((p) => p.tool), ...(prepared.binDirs.length > provided.length ? helpers : [])],
    report: {
      ...emptyReport(),
      notes: prepared.notes,
      ...(prepared.pins.length ? { pins: prepared.pins } : {}),
    },
  };
}
