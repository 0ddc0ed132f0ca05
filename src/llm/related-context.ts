import type { Diagnostic } from '../domain/index.js';
import { sectionName, settingsPlaces } from '../tools/catalog-config.js';
import { toolFor } from '../tools/index.js';
import { definitionOf } from './syntax/index.js';

/** A range of a file worth showing besides the failing code: a definition it names, or tool settings. */
export interface RelatedRange {
  file: string;
  from: number;
  to: number;
  why: string;
  reference?: boolean;
}

const MAX_CONFIG_LINES = 40;
const MAX_DEFINITION_LINES = 25;

/**
 * The settings of the tools that reported the group (mypy's `strict`, tsconfig's compiler options):
 * a model that does not know the check is strict proposes fixes the check rejects. Whole small files,
 * or the tool's own sections of a shared file (pyproject.toml, setup.cfg).
 */
export function toolConfigRanges(
  diagnostics: Diagnostic[],
  read: (file: string) => string | undefined,
): RelatedRange[] {
  const out: RelatedRange[] = [];
  for (const tool of new Set(diagnostics.map((d) => d.source.name))) {
    const plugin = toolFor(tool);
    for (const place of plugin ? settingsPlaces(plugin) : []) {
      const text = read(place.file);
      if (text === undefined) continue;
      const lines = text.split('\n');
      if (!place.section) {
        if (lines.length <= MAX_CONFIG_LINES)
          out.push({ file: place.file, from: 1, to: lines.length, why: `${tool} settings`, reference: true });
        break;
      }
      let start = -1;
      for (let i = 0; i < lines.length; i++) {
        const name = sectionName(lines[i]!);
        const header = name !== undefined;
        if (header && place.section.test(name)) {
          if (start < 0) start = i;
        } else if (header && start >= 0) {
          out.push(section(place.file, start, i, tool));
          start = -1;
        }
      }
      if (start >= 0) out.push(section(place.file, start, lines.length, tool));
      if (out.some((r) => r.file === place.file)) break;
    }
  }
  return out;
}

function section(file: string, start: number, end: number, tool: string): RelatedRange {
  return {
    file,
    from: start + 1,
    to: Math.min(end, start + MAX_CONFIG_LINES),
    why: `${tool} settings`,
    reference: true,
  };
}

// Names a message quotes that are types or keywords, not definitions worth fetching.
const COMMON = new Set(
  'int str float bool bytes None list dict set tuple object type Any Optional Union Callable Iterable Iterator Sequence Mapping Generator string number boolean any unknown never void undefined null Promise Array Record Map Set self cls this'.split(
    ' ',
  ),
);

/** Identifiers a message quotes: mypy and pyright use "Name", tsc 'Name'; `a.b.Name` counts as Name. */
export function namesIn(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/["'`]([A-Za-z_][\w.]{2,80})["'`]/g)) {
    const name = m[1]!.split('.').pop()!;
    if (name.length >= 3 && !COMMON.has(name) && /^[A-Za-z_]\w*$/.test(name)) names.add(name);
  }
  return [...names];
}

/** Local modules a file imports (Python absolute and relative imports, JS/TS relative specifiers). */
export function localImports(file: string, text: string): string[] {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const out: string[] = [];
  if (/\.pyi?$/.test(file)) {
    for (const m of text.matchAll(/^\s*from\s+(\.*)([\w.]*)\s+import\b/gm)) {
      const [dots, mod] = [m[1]!, m[2]!.replaceAll('.', '/')];
      if (dots) {
        let base = dir;
        for (let k = 1; k < dots.length; k++)
          base = base.includes('/') ? base.slice(0, base.lastIndexOf('/')) : '';
        const p = [base, mod].filter(Boolean).join('/');
        out.push(`${p}.py`, `${p}/__init__.py`);
      } else if (mod) {
        // Absolute: at the root or under src/ (the src layout); also a sibling package of this file.
        for (const root of ['', 'src/', dir.split('/')[0] === 'src' ? '' : `${dir.split('/')[0]}/`])
          out.push(`${root}${mod}.py`, `${root}${mod}/__init__.py`);
      }
    }
  } else
    for (const m of text.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const parts = [...(dir ? dir.split('/') : []), ...m[1]!.split('/')];
      const norm: string[] = [];
      for (const p of parts) {
        if (p === '.') continue;
        if (p === '..') norm.pop();
        else norm.push(p);
      }
      const p = norm.join('/').replace(/\.(js|mjs|cjs|jsx)$/, '');
      out.push(`${p}.ts`, `${p}.tsx`, `${p}/index.ts`, `${p}.d.ts`, `${p}.js`);
    }
  return [...new Set(out)].filter((p) => p !== file && !p.startsWith('/') && !p.split('/').includes('..'));
}

/**
 * Definitions the group's messages name (a class, function, interface, type), looked up in the failing
 * files and the local modules they import: cheap to find, and often what a type error is about. Found
 * by the parser (tree-sitter); only the start of each (its signature and first members, whole).
 */
export function definitionRanges(
  diagnostics: Diagnostic[],
  read: (file: string) => string | undefined,
): RelatedRange[] {
  const names = new Set(diagnostics.flatMap((d) => namesIn(d.message)));
  if (!names.size) return [];
  const searched = new Set<string>();
  const files: string[] = [];
  for (const d of diagnostics) {
    const file = d.location?.path;
    if (!file || searched.has(file)) continue;
    searched.add(file);
    files.push(file);
    const text = read(file);
    if (text !== undefined) files.push(...localImports(file, text));
  }
  const out: RelatedRange[] = [];
  for (const file of [...new Set(files)]) {
    const text = read(file);
    if (text === undefined) continue;
    for (const name of names) {
      const def = definitionOf(file, text, name, MAX_DEFINITION_LINES);
      if (!def) continue;
      out.push({ file, ...def, why: `the definition of ${name}` });
      names.delete(name);
    }
  }
  return out;
}
