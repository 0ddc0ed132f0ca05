#!/usr/bin/env node
// The published entry point: the bundled CLI in dist/bundle/ (built by `npm run build`, which `npm ci`
// runs; scripts/build-cli.mjs).
import { existsSync, readFileSync } from 'node:fs';

// `--version` alone answers without loading the CLI (a third of its start-up): scripts ask it often.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
  process.exit(0);
}

const entry = new URL('../dist/bundle/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'ci-autofix: dist/ is missing; run `npm ci` (or `npm run build`) in the ci-autofix checkout first.\n',
  );
  process.exit(2);
}
await import(entry.href);
