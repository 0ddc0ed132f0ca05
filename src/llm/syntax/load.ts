/**
 * Loading tree-sitter (web-tree-sitter: WebAssembly, no native build) and the grammars, and parsing.
 *
 * `initSyntax()` is the one asynchronous step: it starts the runtime and loads the grammars, once
 * per process. Everything after it is synchronous, so the context builder stays a plain function; before
 * it (or when a grammar is missing), `parse` answers undefined and the callers fall back to line windows.
 *
 * The .wasm files are looked up beside the running code first (the bundles: scripts/build-cli.mjs and
 * scripts/build-action.mjs copy them to `tree-sitter/` beside dist/bundle's chunks and action/index.js),
 * then in the npm packages that ship them (running from source or dist/).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { GRAMMARS, grammarOf, type Grammar, type LanguageId } from './languages.js';
import WASM_FILES from './wasm-files.json' with { type: 'json' };

/** The folder beside a bundle that holds the .wasm files (the build scripts name it too). */
export const WASM_FOLDER = 'tree-sitter';
// Bigger files are not parsed (a minified bundle, a generated table): a line window does for them.
const MAX_PARSE_CHARS = 2_000_000;

interface Loaded {
  parser: Parser;
  languages: Map<LanguageId, Language>;
}
let loaded: Loaded | undefined;
let starting: Promise<boolean> | undefined;

/** Where a package's .wasm file is: beside this code (a bundle), else in the package. */
export function wasmPath(pkg: string, file: string, from: string = import.meta.url): string | undefined {
  const beside = join(dirname(fileURLToPath(from)), WASM_FOLDER, file);
  if (existsSync(beside)) return beside;
  try {
    // The file itself, not package.json: web-tree-sitter's exports name its .wasm and not its manifest.
    return createRequire(from).resolve(`${pkg}/${file}`);
  } catch {
    return undefined;
  }
}

/** The .wasm files a bundle must carry, the runtime's and each grammar's: the npm package and file. */
export function wasmFiles(): Array<{ package: string; wasm: string }> {
  return Object.values(WASM_FILES);
}

/**
 * Starts the runtime and loads the grammars, once; resolves true when all of them loaded. Never
 * rejects: a missing or broken .wasm leaves that language (or all of them) to the line-window fallback.
 */
export function initSyntax(): Promise<boolean> {
  starting ??= start().catch(() => false);
  return starting;
}

async function start(): Promise<boolean> {
  const runtime = wasmPath(WASM_FILES.runtime.package, WASM_FILES.runtime.wasm);
  if (!runtime) return false;
  await Parser.init({ wasmBinary: await readFile(runtime) });
  const languages = new Map<LanguageId, Language>();
  await Promise.all(
    Object.values(GRAMMARS).map(async (g) => {
      const path = wasmPath(WASM_FILES[g.id].package, WASM_FILES[g.id].wasm);
      if (!path) return;
      try {
        languages.set(g.id, await Language.load(await readFile(path)));
      } catch {
        // A grammar that does not load: its files get line windows.
      }
    }),
  );
  loaded = { parser: new Parser(), languages };
  return languages.size === Object.keys(GRAMMARS).length;
}

/** A parsed file: its grammar and syntax tree. */
export interface Parsed {
  grammar: Grammar;
  tree: Tree;
}

// The last few parses, by file and text: building one request's context asks about the same file
// several times (each finding, the imports, the definitions). Evicted trees free their memory.
const CACHE_SIZE = 6;
const cache = new Map<string, Parsed | null>();

/** The syntax tree of a file, or undefined (unsupported language, not initialized, too big, no tree). */
export function parse(file: string, text: string): Parsed | undefined {
  const grammar = grammarOf(file);
  if (!grammar || !loaded || text.length > MAX_PARSE_CHARS) return undefined;
  const key = `${grammar.id}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit ?? undefined;
  }
  let parsed: Parsed | null = null;
  try {
    const lang = loaded.languages.get(grammar.id);
    if (lang) {
      loaded.parser.setLanguage(lang);
      const tree = loaded.parser.parse(text);
      if (tree) parsed = { grammar, tree };
    }
  } catch {
    parsed = null;
  }
  cache.set(key, parsed);
  if (cache.size > CACHE_SIZE) {
    const [oldest, value] = cache.entries().next().value!;
    cache.delete(oldest);
    value?.tree.delete();
  }
  return parsed ?? undefined;
}
