import type { ParsedDiagnostic } from '../domain/index.js';
import type { Fixer } from './fixer.js';
import type { LogParser } from './parser.js';
import type { RepositoryFiles, ToolPlugin } from './plugin.js';
import { toolList } from './registry.js';
import { REASONS, v, type Verdict } from './verdict.js';

/**
 * What the rest of ci-autofix reads from the tool registry: views over `registry.ts`, so that outside
 * `src/tools/` no file names a tool.
 */
export { tools, toolList, type ToolName } from './registry.js';
export type * from './plugin.js';
export { expandTemplate, toolCommand, type Fixer, type FixerContext, type ToolResolver } from './fixer.js';
export type { LineInterest, LogParser, ParserSink, ParserState } from './parser.js';
export { REASONS, v, type Verdict } from './verdict.js';
export { LOCKFILE_COMMANDS } from './shared/lockfiles.js';

const byName = new Map<string, ToolPlugin>();
for (const t of toolList) for (const name of [t.name, ...(t.aliases ?? [])]) byName.set(name, t);

/** The plugin whose findings carry this `source.name`. */
export const toolFor = (source: string): ToolPlugin | undefined => byName.get(source);

/** Every log parser, by tool name, in the registry's order. */
export const parsers = Object.fromEntries(
  toolList.flatMap((t) => (t.parser ? [[t.name, t.parser]] : [])),
) as Readonly<Record<ParserName, LogParser>>;
/** The name of a tool with a parser. */
export type ParserName = string;
export const parserNames: ParserName[] = Object.keys(parsers);

const PHASES: Fixer['phase'][] = ['imports', 'format', 'lint', 'dependencies'];

/** The tools' fix modes in their default order: by phase, then the registry's order. */
export const builtinFixers: Readonly<Record<string, Fixer>> = Object.fromEntries(
  PHASES.flatMap((phase) =>
    toolList.flatMap((t) => (t.fixers ?? []).filter((f) => f.phase === phase).map((f) => [f.name, f])),
  ),
);

/** The tool's own verdict on one of its findings (unknown tools: none, with the reason). */
export function toolVerdict(d: ParsedDiagnostic): Verdict {
  return toolFor(d.source.name)?.verdict?.(d) ?? v('unknown', 'none', REASONS.unknown);
}

/** Whether a finding's tool runs tests (its findings are failing tests). */
export const runsTests = (source: string): boolean => toolFor(source)?.runsTests === true;

/** The folders of the repository the tools write build output to (cargo's `target/`), roots first. */
export function buildOutputFolders(repo: RepositoryFiles): string[] {
  return [...new Set(toolList.flatMap((t) => t.buildOutput?.(repo) ?? []))];
}

/** What the tools' programs need in the sandbox, from the parent's environment. */
export function toolEnv(parent: NodeJS.ProcessEnv): Record<string, string> {
  return Object.assign({}, ...toolList.map((t) => t.env?.(parent) ?? {})) as Record<string, string>;
}

/** The tools that can be asked which findings they fix. */
export const askers = toolList.flatMap((t) => (t.ask ? [t.ask] : []));

/** The tools' own excerpt rules, in the registry's order. */
/** The tools' own infrastructure signatures (a registry's error in npm's words), for triage's table. */
export const toolInfrastructure = toolList.flatMap((t) => t.infrastructure ?? []);

export const toolExcerpts = toolList.flatMap((t) => t.excerpts ?? []);

/** Every way to silence a tool in code, tool by tool (the anti-cheat table). */
export const suppressions = toolList.flatMap((t) => t.suppressions ?? []);

/** Each rule's accepted rewrites of an assertion line, across tools (rule codes are the tools' own). */
export const assertionRewrites: Readonly<Record<string, (line: string) => string[]>> = Object.assign(
  {},
  ...toolList.map((t) => t.assertionRewrites ?? {}),
);

/**
 * One alternation of the patterns (`asserts` or `skips`) of every test framework whose language `path` is
 * in, and `generic`'s; undefined when there are none. A fix changes a few files: built per file.
 */
export function testCodePattern(
  kind: 'asserts' | 'skips',
  path: string,
  generic?: RegExp,
): RegExp | undefined {
  const own = toolList.flatMap((t) =>
    t.testCode?.files.test(path) && t.testCode[kind] ? [t.testCode[kind]] : [],
  );
  const parts = [...(generic ? [generic] : []), ...own].map((r) => r.source);
  return parts.length ? new RegExp([...new Set(parts)].join('|')) : undefined;
}

/** Globs of every test framework's test files. */
export const testFileGlobs = [...new Set(toolList.flatMap((t) => t.testFiles ?? []))];
