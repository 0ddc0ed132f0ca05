// Builds the GitHub Action's single-file bundle, action/index.js (committed: action.yml runs it as is),
// and copies beside it the tree-sitter .wasm files it loads at run time, action/tree-sitter/ (committed
// too: the Action runs with no node_modules; scripts/copy-wasm.mjs).
//
//   node scripts/build-action.mjs           write action/index.js and action/tree-sitter/
//   node scripts/build-action.mjs --check   exit 1 when the committed bundle or .wasm files differ from a fresh build
//
// The build is deterministic: paths in the bundle are relative to the repository (symlinks such as a
// worktree's node_modules are kept as they are, not resolved), the version is inlined from package.json,
// and nothing depends on the time or the machine. test/action.test.ts fails when the bundle is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { copyWasm, staleWasm } from './copy-wasm.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = 'action/index.js';

/** src/compose/version.ts reads package.json beside the code at run time; the bundle has the version built in. */
const inlineVersion = {
  name: 'inline-version',
  setup(build) {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    build.onLoad({ filter: /[\\/]src[\\/]compose[\\/]version\.ts$/ }, () => ({
      contents: `export function packageVersion(): string {\n  return ${JSON.stringify(version)};\n}\n`,
      loader: 'ts',
    }));
  },
};

/** CommonJS dependencies bundled into an ES module still call require() for Node's built-ins. */
export const REQUIRE_BANNER = [
  "import { createRequire as __ciAutofixCreateRequire } from 'node:module';",
  'const require = __ciAutofixCreateRequire(import.meta.url);',
].join('\n');

/** The bundle's text, built in memory. */
export async function buildAction() {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/action/main.ts'],
    outfile: BUNDLE,
    bundle: true,
    write: false,
    platform: 'node',
    // The runner runs it on Node 24 (action.yml); the tests, on Node 20.
    target: 'node20',
    format: 'esm',
    preserveSymlinks: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    plugins: [inlineVersion],
    banner: {
      js: `// The ci-autofix GitHub Action, bundled by scripts/build-action.mjs from src/action/main.ts. Do not edit.\n${REQUIRE_BANNER}`,
    },
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await buildAction();
  const path = new URL(`../${BUNDLE}`, import.meta.url);
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(path, 'utf8');
    } catch {
      // missing: stale
    }
    if (committed !== text) {
      process.stderr.write(`${BUNDLE} is stale: run node scripts/build-action.mjs and commit it\n`);
      process.exit(1);
    }
    const stale = staleWasm(fileURLToPath(new URL('../action', import.meta.url)));
    if (stale.length) {
      process.stderr.write(
        `action/tree-sitter/ is stale (${stale.join(', ')}): run node scripts/build-action.mjs and commit it\n`,
      );
      process.exit(1);
    }
  } else {
    writeFileSync(path, text);
    const wasm = copyWasm(fileURLToPath(new URL('../action', import.meta.url)));
    process.stdout.write(
      `${BUNDLE}: ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB; action/tree-sitter/: ${(wasm / 1024).toFixed(0)} KiB\n`,
    );
  }
}
