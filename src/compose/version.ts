import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of ci-autofix's own package.json, found upwards from this module: it runs from src/ (tests),
 * dist/ or the bundle in dist/bundle/, each at another depth.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`ci-autofix: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/** The package version, from package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The new, empty PGlite database that `npm run build` makes (scripts/build-cli.mjs writes it at this
 * path): `serve` starts a fresh data folder from it instead of running initdb.
 */
export function pgliteSeed(): string {
  return join(packageRoot(), 'dist/pglite-seed.tar.gz');
}
