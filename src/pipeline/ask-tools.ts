import type { Diagnostic } from '../domain/index.js';
import type { FixJobDeps } from './fix-job.js';
import { safeRelative } from '../fixers/index.js';
import { askers, type ToolAsk, type ToolFinding } from '../tools/index.js';
import { effects, judge, withVerdicts, type JobContext, type Learnt, type LearntVerdict } from './job.js';
import { sameFailure } from './finding-moves.js';

/**
 * Triage from a log line guesses whether a tool can fix a finding; the tool itself knows. Before planning,
 * the tools that can be asked (a plugin's `ask`) are, in the sandbox, about the failing files.
 * What a tool says it fixes becomes `deterministic`; what it says it cannot, `llm`. When the tool cannot
 * be asked (it crashed, or printed no JSON), its fix mode is tried anyway: it costs seconds and no money,
 * and validation keeps only what it proves.
 */

/** The objects of a tool that prints JSON lines (clippy's `--message-format=json`), other lines skipped. */
function jsonLines(output: string): unknown[] | undefined {
  const items: unknown[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      items.push(JSON.parse(line));
    } catch {
      // A line cut short or not JSON: not an answer.
    }
  }
  return items.length ? items : undefined;
}

/** The JSON array a tool printed, among warnings on stderr (the sandbox interleaves both). */
function jsonArray(output: string): unknown[] | undefined {
  const starts = [output.startsWith('[') ? 0 : -1, output.indexOf('\n[')].filter((i) => i >= 0);
  const end = output.lastIndexOf(']');
  for (const start of starts) {
    try {
      const v: unknown = JSON.parse(output.slice(start, end + 1));
      if (Array.isArray(v)) return v;
    } catch {
      // Not there; try the next candidate.
    }
  }
  return undefined;
}

function relativeTo(dir: string, path: string): string {
  const prefix = dir.replace(/\/?$/, '/');
  return path.startsWith(prefix) ? path.slice(prefix.length) : path.replace(/^\.\//, '');
}

/** Asks `ask`'s tool about findings of one source, in the sandbox (read-only); undefined when it cannot. */
async function ask(
  ctx: JobContext,
  deps: FixJobDeps,
  spec: ToolAsk,
  ds: Diagnostic[],
  source: string,
): Promise<ToolFinding[] | undefined> {
  const program = deps.tools(ctx.wt.dir).resolve(spec.program);
  if (!program) return undefined;
  const codes = [...new Set(ds.map((d) => d.code?.value ?? ''))].filter(Boolean).sort();
  const files = [...new Set(ds.map((d) => d.location!.path))].sort();
  const r = await deps.sandbox.run({
    argv: spec.argv(program.path, files, codes, source),
    cwd: ctx.wt.dir,
    writable: spec.writesBuildOutput ? [ctx.wt.dir] : [],
    readable: ctx.readable,
    timeoutMs: ctx.input.fixerTimeoutMs,
    maxOutputBytes: 64 * 1024 * 1024,
  });
  const items = r.timedOut ? undefined : (jsonArray(r.output) ?? jsonLines(r.output));
  return items && spec.read(items, (path) => relativeTo(ctx.wt.dir, path));
}

/**
 * What a tool's fix that it calls unsafe is worth: the rule's own edit (or `fixers.unsafe_fixes`) is a
 * fix like any other; otherwise a candidate, tried before a model and kept only if the check proves it —
 * unless the commits are pushed without review (`candidates` false), when a model gets it.
 */
export function unsafeFixVerdict(
  tool: string,
  code: string,
  source: string,
  optedIn: boolean,
  candidates: boolean,
  askedFor: ReadonlySet<string> = new Set(),
): LearntVerdict {
  if (optedIn || askedFor.has(code))
    return {
      fixability: 'deterministic',
      reason: `${tool}'s fix for ${code} is the edit ${source} asks for`,
    };
  if (candidates)
    return {
      fixability: 'deterministic',
      unsafeFix: true,
      reason: `${tool}'s fix for ${code} is one it calls unsafe: tried as a candidate, kept only if the check proves it`,
    };
  return {
    fixability: 'llm',
    reason: `${tool}'s fix for ${code} may change behaviour (an unsafe fix, not pushed without review; fixers.unsafe_fixes allows it)`,
  };
}

function verdictFor(
  ctx: JobContext,
  d: Diagnostic,
  found: ToolFinding | undefined,
  spec: ToolAsk,
): LearntVerdict | undefined {
  const tool = spec.program;
  if (!found) return undefined;
  const code = d.code?.value ?? '';
  if (found.fix === 'safe')
    return { fixability: 'deterministic', reason: `${tool} reports a fix for this finding` };
  if (found.fix === 'unsafe')
    return unsafeFixVerdict(
      tool,
      code,
      d.source.name,
      ctx.input.config.fixers.unsafe_fixes,
      ctx.input.unsafeCandidates ?? true,
      spec.unsafeFixesAskedFor,
    );
  return { fixability: 'llm', reason: `${tool} has no automatic fix for this finding` };
}

const UNKNOWN: LearntVerdict = {
  fixability: 'deterministic',
  reason:
    'the tool could not be asked whether it fixes this; its fix mode is tried, and kept only if the check proves it',
};

/** Asks the tools about `targets`; returns what the job learnt from their answers. */
export async function askTools(ctx: JobContext, learnt: Learnt, targets: Diagnostic[]): Promise<Learnt> {
  const deps = effects(ctx, learnt);
  const fresh = judge(ctx, learnt, targets).filter(
    (d) =>
      d.fixability !== 'none' &&
      // A syntax error is nobody's fix mode: asking would only turn triage's `llm` into a try.
      d.category !== 'syntax' &&
      !learnt.verdicts.has(sameFailure(d)) &&
      safeRelative(d.location?.path) !== undefined,
  );
  const groups: Array<{ spec: ToolAsk; ds: Diagnostic[]; source: string }> = [];
  for (const spec of askers)
    for (const source of spec.sources) {
      const ds = fresh.filter((d) => d.source.name === source && spec.asks(d));
      if (ds.length) groups.push({ spec, ds, source });
    }
  const answers: Array<[Diagnostic, LearntVerdict]> = [];
  for (const g of groups) {
    ctx.emit({
      type: 'tool-asked',
      tool: g.spec.program,
      findings: g.ds.length,
      files: [...new Set(g.ds.map((d) => d.location!.path))],
    });
    const found = await ask(ctx, deps, g.spec, g.ds, g.source);
    if (!found) {
      // Installed but no answer: trying its fix mode is cheap, and validation decides.
      if (deps.tools(ctx.wt.dir).resolve(g.spec.program))
        for (const d of g.ds) if (d.fixability === 'llm') answers.push([d, UNKNOWN]);
      continue;
    }
    const index = new Map<string, ToolFinding>();
    for (const f of found) index.set(`${f.path}\u0000${f.line}\u0000${f.code ?? ''}`, f);
    for (const d of g.ds) {
      const key = `${d.location!.path}\u0000${d.location!.range?.start.line ?? 0}\u0000${d.code?.value ?? ''}`;
      const v = verdictFor(ctx, d, index.get(key), g.spec);
      if (v) answers.push([d, { ...v, category: d.category }]);
    }
  }
  return answers.length ? withVerdicts(learnt, answers) : learnt;
}
