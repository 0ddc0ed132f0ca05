#!/usr/bin/env node
// The published entry point: the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'ci-autofix: dist/ is missing; run `npm ci` (or `npm run build`) in the ci-autofix checkout first.\n',
  );
  process.exit(2);
}
await import(entry.href);
