import type { Diagnostic } from '../domain/index.js';

/** Finds the program a fixer runs: the repository's own first (its virtualenv, node_modules), then PATH. */
export interface ToolResolver {
  resolve(program: string): { path: string; origin: 'repository' | 'PATH' } | undefined;
}

export interface FixerContext {
  tools: ToolResolver;
  /** Extra arguments from `.ci-autofix.yml` (`fixers.args.<name>`). */
  args: string[];
  unsafeFixes: boolean;
}

/**
 * A deterministic fixer: which diagnostics it repairs and the command that repairs them. Fixers only
 * propose commands; the pipeline runs them in the sandbox, in a worktree, and validates the result.
 */
export interface Fixer {
  readonly name: string;
  /**
   * When it runs: imports are sorted before files are formatted, and formatting comes before lint fixes
   * (a format can settle lint); within a phase, in the registry's order.
   */
  readonly phase: 'imports' | 'format' | 'lint' | 'dependencies';
  /** Conventional-commit type and scope for the commit of this fix kind. */
  readonly commit: { type: 'style' | 'fix'; scope?: string; verb: string };
  /** It runs on the whole repository (a lockfile), not on the files its findings name. */
  readonly needsNoFiles?: boolean;
  /** Its fix is a candidate the tool calls unsafe: when the check does not prove it, a model is asked. */
  readonly candidate?: boolean;
  appliesTo(d: Diagnostic): boolean;
  /** argv for these files and diagnostics, or undefined when the tool is not installed. */
  command(
    files: string[],
    diagnostics: Diagnostic[],
    ctx: FixerContext,
  ): { argv: string[]; tool: string } | undefined;
}

/** `{files}` in a template expands to the files; the rest is taken as is. */
export function expandTemplate(template: string[], files: string[]): string[] {
  return template.flatMap((part) => (part === '{files}' ? files : [part]));
}

export function toolCommand(
  ctx: FixerContext,
  program: string,
  args: string[],
): { argv: string[]; tool: string } | undefined {
  const found = ctx.tools.resolve(program);
  if (!found) return undefined;
  return {
    argv: [found.path, ...args, ...ctx.args],
    // Never the path: it lies in a temporary clone or a cache, and this text reaches comments and commits.
    tool: `${program} (${found.origin === 'repository' ? "the repository's own" : 'from PATH'})`,
  };
}
