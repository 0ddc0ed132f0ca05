import type { Diagnostic } from '../domain/index.js';
import { UNSAFE_FIXES_ASKED_FOR, safeRelative } from '../fixers/index.js';
import { judge, type Job, type LearntVerdict } from './job.js';
import { sameFailure } from './finding-moves.js';

/**
 * Triage from a log line guesses whether a tool can fix a finding; the tool itself knows. Before planning,
 * ruff (`--output-format json`: a fix and its applicability per finding) and eslint (`--format json`: a
 * `fix` per message) are asked, in the sandbox, about the failing files. ruff answers for flake8's
 * findings too: it implements the same pycodestyle and pyflakes rules under the same codes.
 * What a tool says it fixes becomes `deterministic`; what it says it cannot, `llm`. When the tool cannot
 * be asked (it crashed, or printed no JSON), its fix mode is tried anyway: it costs seconds and no money,
 * and validation keeps only what it proves.
 */

const RULE = /^[A-Z]{1,4}\d{1,4}$/;

interface ToolFinding {
  path: string;
  line: number;
  code: string | null;
  fix: 'safe' | 'unsafe' | 'none';
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

async function run(job: Job, argv: string[]): Promise<unknown[] | undefined> {
  const r = await job.deps.sandbox.run({
    argv,
    cwd: job.wt.dir,
    writable: [],
    readable: job.readable,
    timeoutMs: job.input.fixerTimeoutMs,
    maxOutputBytes: 64 * 1024 * 1024,
  });
  return r.timedOut ? undefined : jsonArray(r.output);
}

async function askRuff(job: Job, ds: Diagnostic[], flake8: boolean): Promise<ToolFinding[] | undefined> {
  const ruff = job.deps.tools(job.wt.dir).resolve('ruff');
  if (!ruff) return undefined;
  const codes = [...new Set(ds.map((d) => d.code!.value))].sort();
  const files = [...new Set(ds.map((d) => d.location!.path))].sort();
  const out = await run(job, [
    ruff.path,
    'check',
    '--no-cache',
    '--exit-zero',
    '--output-format',
    'json',
    // pycodestyle's whitespace and blank-line rules are preview rules in ruff.
    ...(flake8 ? ['--preview'] : []),
    '--select',
    codes.join(','),
    '--',
    ...files,
  ]);
  return out?.map((item) => {
    const v = item as {
      filename?: string;
      code?: string | null;
      location?: { row?: number };
      fix?: { applicability?: string } | null;
    };
    const a = v.fix?.applicability;
    return {
      path: relativeTo(job.wt.dir, v.filename ?? ''),
      line: v.location?.row ?? 0,
      code: v.code ?? null,
      fix: a === 'safe' ? 'safe' : a === 'unsafe' ? 'unsafe' : 'none',
    };
  });
}

async function askEslint(job: Job, ds: Diagnostic[]): Promise<ToolFinding[] | undefined> {
  const eslint = job.deps.tools(job.wt.dir).resolve('eslint');
  if (!eslint) return undefined;
  const files = [...new Set(ds.map((d) => d.location!.path))].sort();
  const out = await run(job, [eslint.path, '--format', 'json', '--', ...files]);
  return out?.flatMap((item) => {
    const f = item as {
      filePath?: string;
      messages?: Array<{ ruleId?: string | null; line?: number; fix?: unknown }>;
    };
    return (f.messages ?? []).map((m) => ({
      path: relativeTo(job.wt.dir, f.filePath ?? ''),
      line: m.line ?? 0,
      code: m.ruleId ?? null,
      fix: m.fix ? ('safe' as const) : ('none' as const),
    }));
  });
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
): LearntVerdict {
  if (optedIn || UNSAFE_FIXES_ASKED_FOR.has(code))
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
  job: Job,
  d: Diagnostic,
  found: ToolFinding | undefined,
  tool: string,
): LearntVerdict | undefined {
  if (!found) return undefined;
  const code = d.code?.value ?? '';
  if (found.fix === 'safe')
    return { fixability: 'deterministic', reason: `${tool} reports a fix for this finding` };
  if (found.fix === 'unsafe')
    return unsafeFixVerdict(
      tool,
      code,
      d.source.name,
      job.input.config.fixers.unsafe_fixes,
      job.input.unsafeCandidates ?? true,
    );
  return { fixability: 'llm', reason: `${tool} has no automatic fix for this finding` };
}

const UNKNOWN: LearntVerdict = {
  fixability: 'deterministic',
  reason:
    'the tool could not be asked whether it fixes this; its fix mode is tried, and kept only if the check proves it',
};

/** Asks the tools about `targets` and records their answers in `job.verdicts`. */
export async function askTools(job: Job, targets: Diagnostic[]): Promise<void> {
  const fresh = judge(job, targets).filter(
    (d) =>
      d.fixability !== 'none' &&
      // A syntax error is nobody's fix mode: asking would only turn triage's `llm` into a try.
      d.category !== 'syntax' &&
      !job.verdicts.has(sameFailure(d)) &&
      safeRelative(d.location?.path) !== undefined,
  );
  const groups: Array<{ tool: string; ds: Diagnostic[]; ask: () => Promise<ToolFinding[] | undefined> }> = [];
  for (const source of ['ruff', 'flake8'] as const) {
    const ds = fresh.filter((d) => d.source.name === source && RULE.test(d.code?.value ?? ''));
    if (ds.length) groups.push({ tool: 'ruff', ds, ask: () => askRuff(job, ds, source === 'flake8') });
  }
  const es = fresh.filter((d) => d.source.name === 'eslint');
  if (es.length) groups.push({ tool: 'eslint', ds: es, ask: () => askEslint(job, es) });
  for (const g of groups) {
    job.progress('plan', `asking ${g.tool} which of ${g.ds.length} finding(s) it can fix`, [
      ...new Set(g.ds.map((d) => d.location!.path)),
    ]);
    const found = await g.ask();
    if (!found) {
      // Installed but no answer: trying its fix mode is cheap, and validation decides.
      if (job.deps.tools(job.wt.dir).resolve(g.tool))
        for (const d of g.ds) if (d.fixability === 'llm') job.verdicts.set(sameFailure(d), UNKNOWN);
      continue;
    }
    const index = new Map<string, ToolFinding>();
    for (const f of found) index.set(`${f.path}\u0000${f.line}\u0000${f.code ?? ''}`, f);
    for (const d of g.ds) {
      const key = `${d.location!.path}\u0000${d.location!.range?.start.line ?? 0}\u0000${d.code?.value ?? ''}`;
      const v = verdictFor(job, d, index.get(key), g.tool);
      if (v) job.verdicts.set(sameFailure(d), { ...v, category: d.category });
    }
  }
}
