// Bundles the CLI for a fast start: dist/bundle/run.js (what bin/ci-autofix.js runs) and the analyzer's
// worker, with each command's code in chunks that load only when that command runs. Node loads a few
// large files much faster than the hundreds of modules of dist/ and node_modules: importing `fix` took
// 0.65 s from dist/ and takes 0.29 s from the bundle (bench/startup measures the whole CLI).
//
// The tree-sitter .wasm files the model's context needs go beside the chunks, in dist/bundle/tree-sitter/
// (scripts/copy-wasm.mjs): the code that loads them is in a chunk there.
//
// It also writes dist/pglite-seed.tar.gz (src/compose/version.ts names it): a new, empty PGlite database
// made by the installed PGlite, which `serve` loads into a fresh data folder instead of running initdb
// (about 1 s instead of 5). Made again only when the installed PGlite is another version.
//
//   node scripts/build-cli.mjs        (npm run build runs it after tsc)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, REQUIRE_BANNER } from './build-action.mjs';
import { copyWasm } from './copy-wasm.mjs';

export const CLI_BUNDLE_DIR = 'dist/bundle';

rmSync(new URL(`../${CLI_BUNDLE_DIR}`, import.meta.url), { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: ROOT,
  // The worker keeps its name: analyze-in-parallel.ts starts `./analyze-worker.js` beside itself, and
  // every chunk sits in the same folder.
  entryPoints: ['src/cli/run.ts', 'src/analyze/analyze-worker.ts'],
  outdir: CLI_BUNDLE_DIR,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  preserveSymlinks: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  // PGlite finds its WebAssembly and data files beside its own modules; pg-native is pg's optional
  // native binding, never installed.
  external: ['@electric-sql/pglite', 'pg-native'],
  banner: { js: REQUIRE_BANNER },
});
copyWasm(join(ROOT, CLI_BUNDLE_DIR));

const SEED = join(ROOT, 'dist/pglite-seed.tar.gz');
const SEED_OF = `${SEED}.version`;
const pglite = JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'));
if (!existsSync(SEED) || !existsSync(SEED_OF) || readFileSync(SEED_OF, 'utf8') !== pglite.version) {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-pglite-seed-'));
  const db = await PGlite.create(join(dir, 'data'));
  const tarball = await db.dumpDataDir('gzip');
  await db.close();
  writeFileSync(SEED, Buffer.from(await tarball.arrayBuffer()));
  writeFileSync(SEED_OF, pglite.version);
  rmSync(dir, { recursive: true, force: true });
}
