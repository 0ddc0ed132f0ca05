#!/usr/bin/env node
// The published entry point: the bundled CLI in dist/bundle/ (built by `npm run build`, which `npm ci`
// runs; scripts/build-cli.mjs).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bundle/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'ci-autofix: dist/ is missing; run `npm ci` (or `npm run build`) in the ci-autofix checkout first.\n',
  );
  process.exit(2);
}
await import(entry.href);
