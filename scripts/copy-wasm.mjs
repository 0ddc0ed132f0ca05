// The tree-sitter WebAssembly files (the runtime and the grammars, named in
// src/llm/syntax/wasm-files.json) for a bundle: copied from their npm packages into `tree-sitter/` beside
// it, where src/llm/syntax/load.ts looks first. The bundles run with no node_modules (the Action) or
// with esbuild's chunks in another folder than the packages (the CLI), so the files travel with them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
/** The folder's name beside a bundle (load.ts's WASM_FOLDER). */
export const WASM_FOLDER = 'tree-sitter';

/** Each .wasm file a bundle needs: its name and where the installed package has it. */
export function wasmSources() {
  const files = JSON.parse(
    readFileSync(new URL('../src/llm/syntax/wasm-files.json', import.meta.url), 'utf8'),
  );
  return Object.values(files).map(({ package: pkg, wasm }) => ({
    wasm,
    path: require.resolve(`${pkg}/${wasm}`),
  }));
}

/** Writes the files into `<bundleDir>/tree-sitter/`, removing any other .wasm there; returns their bytes. */
export function copyWasm(bundleDir) {
  const dir = join(bundleDir, WASM_FOLDER);
  mkdirSync(dir, { recursive: true });
  const sources = wasmSources();
  for (const name of readdirSync(dir))
    if (!sources.some((s) => s.wasm === name)) rmSync(join(dir, name), { force: true });
  let bytes = 0;
  for (const s of sources) {
    const data = readFileSync(s.path);
    writeFileSync(join(dir, s.wasm), data);
    bytes += data.length;
  }
  return bytes;
}

/** The files under `<bundleDir>/tree-sitter/` that are missing, differ from the packages' or are extra. */
export function staleWasm(bundleDir) {
  const dir = join(bundleDir, WASM_FOLDER);
  const sources = wasmSources();
  const stale = sources
    .filter(
      (s) => !existsSync(join(dir, s.wasm)) || !readFileSync(join(dir, s.wasm)).equals(readFileSync(s.path)),
    )
    .map((s) => s.wasm);
  const extra = existsSync(dir) ? readdirSync(dir).filter((n) => !sources.some((s) => s.wasm === n)) : [];
  return [...stale, ...extra];
}
