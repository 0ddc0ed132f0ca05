import type { Diagnostic } from '../../domain/index.js';
import { toolCommand, type Fixer } from '../fixer.js';
import { UNUSED_IMPORT } from './triage.js';

const deterministic = (d: Diagnostic) => d.fixability === 'deterministic';

/** `gofmt -w`, with `-s` when the check ran `gofmt -s` (its findings say so: code `simplify`). */
export const gofmtFixer: Fixer = {
  name: 'gofmt',
  phase: 'format',
  commit: { type: 'style', verb: 'format {n} file(s) with gofmt' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'gofmt',
  command: (files, ds, ctx) =>
    toolCommand(ctx, 'gofmt', [
      '-w',
      ...(ds.some((d) => d.code?.value === 'simplify') ? ['-s'] : []),
      ...files,
    ]),
};

/**
 * `goimports -w`: its own findings, and the imports the compiler (or staticcheck's type check) says are
 * unused. It also lays the file out as gofmt does. A repository's `-local` prefix comes from
 * `.ci-autofix.yml` (`fixers.args.goimports: ["-local", "example.com/me"]`).
 */
export const goimportsFixer: Fixer = {
  name: 'goimports',
  phase: 'imports',
  commit: { type: 'style', scope: 'imports', verb: 'fix the imports of {n} file(s) with goimports' },
  appliesTo: (d) =>
    deterministic(d) &&
    (d.source.name === 'goimports' ||
      ((d.source.name === 'go' || d.source.name === 'staticcheck') && UNUSED_IMPORT.test(d.message))),
  command: (files, _ds, ctx) => toolCommand(ctx, 'goimports', ['-w', ...files]),
};

/** The folders of the modules whose go.mod or go.sum a finding names ('.' for the root). */
export function moduleDirs(files: string[]): string[] {
  const dirs = files
    .filter((f) => /(?:^|\/)go\.(?:mod|sum)$/.test(f))
    .map((f) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '.'));
  return [...new Set(dirs)].sort();
}

// Each module folder in turn, read a line at a time from $1: the folders stay data, never shell code.
const EACH_MODULE =
  'printf "%s\\n" "$1" | { shift; while IFS= read -r d; do (cd -- "$d" && exec "$@") || exit 1; done; }';

/**
 * `go mod tidy` for go.mod / go.sum drift (a `git diff --exit-code` after it), in each module the
 * findings name. Offline by construction (`GOPROXY=off`, and no other toolchain fetched): it works when
 * what the module needs is in the repository or the module cache the sandbox sees (a fresh one, so:
 * requirements to drop, local `replace`s, the standard library). When a module is missing it fails with
 * `module lookup disabled by GOPROXY=off` and the step is dropped. go.sum is a protected path: the
 * safety policy puts it back unless `safety.allow_paths` lists it. Off by default: the git plugin judges
 * the drift `none`, since the `git diff --exit-code` check that reports it cannot prove an uncommitted
 * fix; `tools: { git: { codes: { go-mod-tidy: deterministic } } }` in .ci-autofix.yml turns it on.
 */
export const goModTidyFixer: Fixer = {
  name: 'go-mod-tidy',
  phase: 'dependencies',
  commit: { type: 'fix', scope: 'deps', verb: 'tidy go.mod and go.sum with go mod tidy' },
  appliesTo: (d) => deterministic(d) && d.source.name === 'git' && d.code?.value === 'go-mod-tidy',
  command: (files, _ds, ctx) => {
    const go = toolCommand(ctx, 'go', ['mod', 'tidy']);
    const dirs = moduleDirs(files);
    if (!go || !dirs.length) return undefined;
    const offline = ['env', 'GOPROXY=off', 'GOTOOLCHAIN=local'];
    if (dirs.length === 1 && dirs[0] === '.') return { ...go, argv: [...offline, ...go.argv] };
    return { ...go, argv: [...offline, 'sh', '-c', EACH_MODULE, 'go-mod-tidy', dirs.join('\n'), ...go.argv] };
  },
};
