import type { Diagnostic } from '../domain/index.js';

/**
 * Logs made outside GitHub's runner name files by paths of another machine: a local run
 * (`/home/dev/proj/pkg/mod.py`), a container (`/app/…`, `/src/…`), a self-hosted runner, GitLab
 * (`/builds/<group>/<project>/…`), or a job that ran in a subfolder (`src/a.ts` for `web/src/a.ts`).
 * A path is mapped to a file of the repository when it lies under one of `roots` (the checkout, the
 * worktree), else when its longest suffix is a tracked file, else (a relative path) when exactly one
 * tracked file ends with it. What cannot be mapped is never handed to a tool: it is reported instead.
 */
export interface PathMap {
  /** Folders that are this repository on this machine (the checkout, the worktree). */
  roots: string[];
  tracked: ReadonlySet<string>;
}

const WINDOWS_DRIVE = /^[A-Za-z]:\//;
const isAbsolutePath = (p: string) => p.startsWith('/') || WINDOWS_DRIVE.test(p);

export function mapPath(path: string, map: PathMap): string | undefined {
  const p = path.replace(/\\/g, '/');
  if (map.tracked.has(p)) return p;
  if (isAbsolutePath(p)) {
    for (const root of map.roots) {
      const r = root.replace(/\/?$/, '/');
      if (p.startsWith(r)) return p.slice(r.length);
    }
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const suffix = parts.slice(i).join('/');
      if (map.tracked.has(suffix)) return suffix;
    }
    return undefined;
  }
  const rel = p.replace(/^(\.\/)+/, '');
  if (map.tracked.has(rel) || rel.split('/').includes('..')) return rel;
  let only: string | undefined;
  for (const t of map.tracked) {
    if (!t.endsWith(`/${rel}`)) continue;
    if (only) return rel; // two candidates: ambiguous, left as the log said
    only = t;
  }
  return only ?? rel;
}

/**
 * Every diagnostic with a repository-relative path; `location.original_path` keeps what the log said.
 * A diagnostic naming a file outside the repository becomes not auto-fixable, with the reason.
 */
export function mapDiagnosticPaths(diagnostics: Diagnostic[], map: PathMap): Diagnostic[] {
  return diagnostics.map((d) => {
    if (!d.location) return d;
    const mapped = mapPath(d.location.path, map);
    if (mapped === d.location.path) return d;
    if (mapped === undefined)
      return {
        ...d,
        fixability: 'none',
        reason: `the log names ${d.location.path}, which is not a file of this repository (no tracked file ends with its path)`,
      };
    return { ...d, location: { ...d.location, path: mapped, original_path: d.location.path } };
  });
}
