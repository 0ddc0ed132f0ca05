import type { ToolPin, ToolPlugin } from './plugin.js';
import { toolList } from './registry.js';

export type { Ecosystem } from './shared/ecosystems.js';

/** The tools whose version a repository can pin (and ci-autofix may install), with how. */
export const pinnable: ReadonlyArray<ToolPlugin & { pin: ToolPin }> = toolList.filter(
  (t): t is ToolPlugin & { pin: ToolPin } => t.pin !== undefined,
);

export const pinOf = (tool: string): ToolPin | undefined => pinnable.find((t) => t.name === tool)?.pin;

/** The package a pinned tool is installed from (its own name unless the plugin says otherwise). */
export const packageOf = (tool: string): string => pinOf(tool)?.package ?? tool;

/** The tool a pre-commit hook repository runs, by the end of its URL. */
export function preCommitTool(repo: string): string | undefined {
  return pinnable.find((t) => t.pin.preCommitRepos?.test(repo))?.name;
}

/** Tools that fix other tools' findings (ruff for flake8's): needed whenever those findings are. */
export function helpersFor(sources: ReadonlySet<string>): string[] {
  return [...new Set(pinnable.flatMap((t) => (sources.has(t.name) && t.pin.fixedBy ? [t.pin.fixedBy] : [])))];
}
