import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync } from './helpers/cli.js';
import { git } from './helpers/example-repo.js';
import { rustToolchain } from './helpers/tools-present.js';

/**
 * cargo writes its build output into the repository (`target/`, or the `build.target-dir` of
 * `.cargo/config.toml`). A repository whose .gitignore does not name that folder must still get a fix
 * whose diff is its source alone: the worktree ci-autofix fixes in ignores the folder (the cargo plugin's
 * `buildOutput`), where cargo goes on writing it. Real cargo, rustfmt and clippy, under the sandbox.
 */
const toolchain = rustToolchain;
if (process.env.CI && !toolchain)
  throw new Error('cargo, rustfmt or clippy is missing on this CI machine; .ci/run installs them');

const PATH = `${toolchain}:${process.env.PATH}`;

interface Outcome {
  outcome: string;
  fixes: Array<{ fixer: string; files: string[] }>;
  dropped: Array<{ fixer: string; reason: string }>;
  commits: string[];
  validation: { check: { source: string; commands: string[] }; after: { passed: boolean } };
}

const GOOD = 'pub fn total(values: &[i32]) -> i32 {\n    values.iter().sum()\n}\n';
// A missing space is rustfmt's; `return` at the end is clippy's needless_return (`cargo clippy --fix`).
const BROKEN = 'pub fn total(values:&[i32]) -> i32 {\n    return values.iter().sum();\n}\n';

/** A crate whose .gitignore names other things, committed with its Cargo.lock, then a change that breaks it. */
function crate(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-rust-target-'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  const all: Record<string, string> = {
    '.gitignore': '*.log\n.idea/\n',
    'Cargo.toml': '[package]\nname = "totals"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
    'src/lib.rs': GOOD,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  // The lockfile of this cargo's format, committed as an application's is.
  execFileSync('cargo', ['generate-lockfile', '--offline'], {
    cwd: dir,
    env: { ...process.env, PATH },
    stdio: 'pipe',
  });
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'totals');
  writeFileSync(join(dir, 'src/lib.rs'), BROKEN);
  git(dir, 'commit', '--quiet', '-am', 'a change that breaks the check');
  return dir;
}

/** The files each commit since `base` changed. */
const changedFiles = (dir: string, base: string) =>
  git(dir, 'log', '--format=', '--name-only', `${base}..HEAD`).split('\n').filter(Boolean);

describe.skipIf(!toolchain)('cargo build output in a repository whose .gitignore does not name it', () => {
  it('the default target/: fixed by cargo fmt and clippy --fix, each commit only src/lib.rs', async () => {
    const dir = crate();
    const before = git(dir, 'rev-parse', 'HEAD').trim();
    const r = await cliAsync(['fix', '--cwd', dir, '--format', 'json'], { PATH });
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.validation.check.commands).toEqual([
      'cargo fmt --all --check',
      'cargo clippy --workspace --all-targets -- -D warnings',
      'cargo test --workspace',
    ]);
    expect(o.dropped).toEqual([]);
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
      ['rustfmt', ['src/lib.rs']],
      ['clippy', ['src/lib.rs']],
    ]);
    expect(o.outcome).toBe('fixed');
    expect(changedFiles(dir, before)).toEqual(['src/lib.rs', 'src/lib.rs']);
    expect(readFileSync(join(dir, 'src/lib.rs'), 'utf8')).toBe(GOOD);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it("a .cargo/config.toml target-dir is the repository's: cargo builds there, and the fix's diff is the source", async () => {
    const dir = crate({ '.cargo/config.toml': '[build]\ntarget-dir = "build/cargo"\n' });
    const before = git(dir, 'rev-parse', 'HEAD').trim();
    // The check proves where cargo wrote: into the configured folder, not target/.
    const check =
      'cargo fmt --check && cargo clippy -- -D warnings && test -d build/cargo/debug && test ! -e target/debug';
    const r = await cliAsync(['fix', '--cwd', dir, '--check', check, '--format', 'json'], { PATH });
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.dropped).toEqual([]);
    expect(o.fixes.map((f) => f.fixer)).toEqual(['rustfmt', 'clippy']);
    expect(o.outcome).toBe('fixed');
    expect(o.validation.after.passed).toBe(true);
    expect(changedFiles(dir, before)).toEqual(['src/lib.rs', 'src/lib.rs']);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});
