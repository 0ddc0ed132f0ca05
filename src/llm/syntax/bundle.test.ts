import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Language, Parser } from 'web-tree-sitter';
import { initSyntax, WASM_FOLDER, wasmFiles, wasmPath } from './index.js';

const ROOT = join(import.meta.dirname, '../../..');

/**
 * The bundles carry their .wasm files beside them (scripts/copy-wasm.mjs): the Action runs with no
 * node_modules at all. Where the bundled code looks (a module in action/ or dist/bundle/) must be where
 * they are, and each must load. The CLI bundle is checked when it is built (`npm run build`).
 */
describe.each([
  ['the Action', 'action/index.js'],
  ['the CLI bundle', 'dist/bundle/run.js'],
])('syntax: %s finds its grammars beside it', (_name, bundle) => {
  it.skipIf(!existsSync(join(ROOT, bundle)))(
    'each .wasm is there, where the bundle looks, and loads',
    async () => {
      expect(await initSyntax()).toBe(true);
      const dir = join(ROOT, bundle, '..', WASM_FOLDER);
      const from = pathToFileURL(join(ROOT, bundle)).href;
      for (const { package: pkg, wasm } of wasmFiles()) {
        expect(wasmPath(pkg, wasm, from)).toBe(join(dir, wasm));
        if (pkg === 'web-tree-sitter') continue;
        const language = await Language.load(readFileSync(join(dir, wasm)));
        const parser = new Parser();
        parser.setLanguage(language);
        const tree = parser.parse('x');
        expect(tree?.rootNode.childCount).toBeGreaterThan(0);
        tree?.delete();
        parser.delete();
      }
    },
  );
});
