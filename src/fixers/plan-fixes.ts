import { isAbsolute } from 'node:path';
import type { Diagnostic } from '../domain/index.js';
import { builtinFixers, type Fixer, type FixerContext, type ToolResolver } from '../tools/index.js';
import { customFixer, type CustomFixerConfig } from './custom-fixer.js';

export interface FixersConfig {
  enable?: string[];
  disable: string[];
  order?: string[];
  args: Record<string, string[]>;
  unsafe_fixes: boolean;
  custom: CustomFixerConfig[];
}

export interface FixStep {
  fixer: string;
  commit: Fixer['commit'];
  /** A candidate the tool calls unsafe (Fixer.candidate). */
  candidate?: boolean;
  argv: string[];
  tool: string;
  files: string[];
  diagnostics: Diagnostic[];
}

/** Plain data: what will run, and what is left for the model or for a person (with the reason). */
export interface FixPlan {
  steps: FixStep[];
  /** Auto-fixable but needing a model (next stage), or deterministic with no installed tool. */
  model: Diagnostic[];
  notFixable: Array<{ diagnostic: Diagnostic; reason: string }>;
  notes: string[];
}

/** A path from a log is data: only repository-relative paths without `..` can be handed to a tool. */
export function safeRelative(path: string | undefined): string | undefined {
  if (!path || isAbsolute(path) || path.split(/[\\/]/).includes('..') || path.startsWith('-'))
    return undefined;
  return path;
}

export function orderedFixers(config: FixersConfig): Fixer[] {
  const all: Record<string, Fixer> = { ...builtinFixers };
  for (const c of config.custom) all[c.name] = customFixer(c);
  // Custom fixers come first by default: a repository declares them for what the built-ins do not cover.
  const names = [...config.custom.map((c) => c.name), ...Object.keys(builtinFixers)];
  const first = (config.order ?? []).filter((n) => names.includes(n));
  return [...first, ...names.filter((n) => !first.includes(n))]
    .filter((n) => (config.enable ? config.enable.includes(n) : true) && !config.disable.includes(n))
    .map((n) => all[n]!);
}

/**
 * Deterministic fixers first, each given only the files its diagnostics name; what no fixer covers goes
 * to the model stage or is reported as not auto-fixable, with the reason. `passOver(d, fixer)`: a fixer
 * not to give a diagnostic (the fix memory's), which the next fixer that applies may claim.
 */
export function planFixes(
  diagnostics: Diagnostic[],
  config: FixersConfig,
  tools: ToolResolver,
  passOver: (d: Diagnostic, fixer: string) => boolean = () => false,
): FixPlan {
  const fixers = orderedFixers(config);
  const plan: FixPlan = { steps: [], model: [], notFixable: [], notes: [] };
  const claimed = new Set<Diagnostic>();
  for (const fixer of fixers) {
    const mine = diagnostics.filter((d) => !claimed.has(d) && fixer.appliesTo(d) && !passOver(d, fixer.name));
    if (!mine.length) continue;
    const files = [
      ...new Set(mine.map((d) => safeRelative(d.location?.path)).filter((p): p is string => !!p)),
    ].sort();
    const ctx: FixerContext = {
      tools,
      args: config.args[fixer.name] ?? [],
      unsafeFixes: config.unsafe_fixes,
    };
    if (!fixer.needsNoFiles && files.length === 0) continue;
    const cmd = fixer.command(files, mine, ctx);
    if (!cmd) {
      plan.notes.push(
        `${fixer.name}: its tool is not installed (not in the repository, not on PATH); ${mine.length} finding(s) left for the model`,
      );
      continue;
    }
    for (const d of mine) claimed.add(d);
    plan.steps.push({
      fixer: fixer.name,
      commit: fixer.commit,
      ...(fixer.candidate ? { candidate: true } : {}),
      argv: cmd.argv,
      tool: cmd.tool,
      files,
      diagnostics: mine,
    });
  }
  for (const d of diagnostics) {
    if (claimed.has(d)) continue;
    if (d.fixability === 'none')
      plan.notFixable.push({ diagnostic: d, reason: d.reason ?? 'not auto-fixable' });
    else plan.model.push(d);
  }
  return plan;
}
