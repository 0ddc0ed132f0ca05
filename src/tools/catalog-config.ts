import type { ToolPlugin } from './plugin.js';
import { toolList } from './registry.js';

/** Every tool's configuration places, gathered (the anti-cheat gate's list of check settings). */
export const configFiles = toolList.flatMap((t) => t.config?.files ?? []);
export const configPackageKeys = toolList.flatMap((t) => t.config?.packageKeys ?? []);

/** Sections of shared files that configure a tool: per file glob, one alternation of the tools' sections. */
export const configSections: Array<{ files: string; section: RegExp }> = (() => {
  const byFile = new Map<string, RegExp[]>();
  for (const t of toolList)
    for (const s of t.config?.sections ?? [])
      byFile.set(s.files, [...(byFile.get(s.files) ?? []), s.section]);
  return [...byFile].map(([files, rs]) => ({
    files,
    section: new RegExp(rs.map((r) => `(?:${r.source})`).join('|')),
  }));
})();

/** `{a,b}` alternatives of a glob, expanded (one group at a time). */
function expand(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return m[1]!
    .split(',')
    .flatMap((alt) => expand(glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length)));
}

/**
 * Where a tool's settings are worth showing to a model, in order: its own files at the repository's root
 * (globs without wildcards), then its sections of shared files there.
 */
export function settingsPlaces(tool: ToolPlugin): Array<{ file: string; section?: RegExp }> {
  const root = (glob: string) => glob.replace(/^\*\*\//, '');
  const files = (tool.config?.files ?? [])
    .flatMap((g) => expand(root(g)))
    .filter((f) => !/[*?[\]/]/.test(f))
    .map((file) => ({ file }));
  const sections = (tool.config?.sections ?? [])
    .filter((s) => !/[*?{[\]/]/.test(root(s.files)))
    .map((s) => ({ file: root(s.files), section: s.section }));
  return [...files, ...sections];
}

/** The name of an INI or TOML section header (`[tool.ruff]`, `[[tool.mypy.overrides]]`), else undefined. */
export function sectionName(line: string): string | undefined {
  const m = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:[#;].*)?$/.exec(line);
  return m ? m[1]!.replace(/["']/g, '') : undefined;
}
