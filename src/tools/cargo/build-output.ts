import { posix } from 'node:path';
import type { RepositoryFiles } from '../plugin.js';

/** Enough folders for the crates of a large monorepo; the shallowest (the roots) come first. */
const MAX_FOLDERS = 500;

const CONFIG = /(?:^|\/)\.cargo\/config(?:\.toml)?$/;

/**
 * The `[build]` folders a cargo configuration file sets: `target-dir` (all output) and `build-dir` (its
 * intermediate part, Cargo 1.91 on). Read line by line, as both are plain strings; a value with a
 * template (`{workspace-root}`) is left out, as is the dotted-table spelling of another key.
 */
function configuredFolders(text: string): string[] {
  const out: string[] = [];
  let table = '';
  for (const raw of text.split('\n').slice(0, 5000)) {
    const line = raw.trim();
    const header = /^\[\s*([\w.-]+)\s*\]/.exec(line);
    if (header) {
      table = header[1]!;
      continue;
    }
    const entry = /^([\w.-]+)\s*=\s*(?:"([^"\\]*)"|'([^']*)')\s*(?:#.*)?$/.exec(line);
    if (!entry) continue;
    const key = table ? `${table}.${entry[1]}` : entry[1];
    const value = entry[2] ?? entry[3] ?? '';
    if ((key === 'build.target-dir' || key === 'build.build-dir') && value && !value.includes('{'))
      out.push(value);
  }
  return out;
}

/**
 * Which folders are cargo's alone: inside the repository and not its root, holding no tracked path (a
 * repository that commits something under `target/` keeps it as git sees it), and under no tracked path
 * (a tracked link would lead out of the worktree).
 */
function cargosOwn(tracked: readonly string[]): (folder: string) => boolean {
  const files = new Set(tracked);
  const holders = new Set<string>();
  for (const t of tracked)
    for (let d = posix.dirname(t); d !== '.' && !holders.has(d); d = posix.dirname(d)) holders.add(d);
  return (folder) => {
    if (folder === '.' || folder === '..' || folder.startsWith('../') || holders.has(folder)) return false;
    for (let d = folder; d !== '.'; d = posix.dirname(d)) if (files.has(d)) return false;
    return true;
  };
}

/**
 * Where cargo writes its build output in the repository: `target/` beside each Cargo.toml (cargo uses
 * the workspace root's; a member's stays unused, and costs nothing), and the `build.target-dir` and
 * `build.build-dir` a tracked `.cargo/config.toml` sets, relative to the folder that holds `.cargo`, as
 * cargo reads them. Those settings are the repository's: cargo keeps writing where they say, and the
 * folder is made invisible to git, not moved (a check that runs `target/debug/app` still finds it).
 * The parent's `CARGO_TARGET_DIR` does not reach the sandbox; a check's own (`CARGO_TARGET_DIR=out cargo
 * build` in a recipe) cannot be known from the files, and is not covered. A folder outside the
 * repository needs nothing: it is no part of a diff.
 */
export function cargoBuildOutput(repo: RepositoryFiles): string[] {
  const folders = new Set<string>();
  for (const path of repo.tracked) {
    if (posix.basename(path) === 'Cargo.toml') folders.add(posix.join(posix.dirname(path), 'target'));
    if (!CONFIG.test(path)) continue;
    const base = posix.dirname(posix.dirname(path));
    for (const value of configuredFolders(repo.read(path) ?? ''))
      if (!posix.isAbsolute(value)) folders.add(posix.join(base, value).replace(/\/+$/, ''));
  }
  const own = cargosOwn(repo.tracked);
  const depth = (p: string) => p.split('/').length;
  return [...folders]
    .filter(own)
    .sort((a, b) => depth(a) - depth(b) || a.localeCompare(b))
    .slice(0, MAX_FOLDERS);
}
