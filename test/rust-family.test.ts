import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, repoRoot } from './helpers/cli.js';
import { exampleRepo, git } from './helpers/example-repo.js';
import { anthropicToolReply, startFakeLlmServer, type FakeLlmServer } from './helpers/fake-llm-server.js';
import { haveJust, rustToolchain } from './helpers/tools-present.js';

/**
 * The Rust family end to end on the bundled crate (examples/rust-crate), with the real cargo, rustfmt and
 * clippy that are first on PATH (rustup's, or Debian's on a machine .ci/run set up): `fix` formats and
 * lints in two commits, a model double fixes the compile error, and a crate with no declared check is
 * checked with the commands the cargo plugin names; `analyze` reads a recorded `cargo test` log.
 */
const toolchain = rustToolchain;
if (process.env.CI && (!toolchain || !haveJust))
  throw new Error('cargo, rustfmt, clippy or just is missing on this CI machine; .ci/run installs them');

const PATH = `${toolchain}:${process.env.PATH}`;

interface Outcome {
  outcome: string;
  fixes: Array<{ fixer: string; files: string[]; tool: string }>;
  dropped: Array<{ fixer: string; reason: string }>;
  commits: string[];
  validation: { check: { source: string; commands: string[] }; after: { passed: boolean } };
  remaining: Array<{ source: { name: string }; code?: { value: string }; fixability: string }>;
}

const remaining = (o: Outcome) =>
  o.remaining.map((d) => `${d.source.name} ${d.code?.value ?? ''} ${d.fixability}`).sort();

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());

it('analyze: a cargo test log gives each failing test, placed where it panicked, and the runs', () => {
  const r = cli(['analyze', join(repoRoot, 'test/fixtures/tools/out/cargo-test.txt'), '--format', 'json']);
  const a = JSON.parse(r.stdout) as {
    diagnostics: Array<{ location?: { path: string }; test?: { name: string }; fixability: string }>;
    tests: Array<{ framework: string; failed: number }>;
  };
  expect(a.diagnostics.find((d) => d.test?.name === 'add_overflows_nothing')).toMatchObject({
    location: { path: 'tests/api.rs' },
    fixability: 'none',
  });
  expect(a.tests.map((t) => [t.framework, t.failed])).toEqual([
    ['cargo', 5],
    ['cargo', 1],
    ['cargo', 1],
  ]);
});

describe.skipIf(!toolchain || !haveJust)('the Rust family on the bundled crate', () => {
  it('fix: cargo fmt and clippy --fix in two commits; the compile error left for a model, the failing test for a person', async () => {
    const dir = exampleRepo('rust-crate');
    const before = git(dir, 'rev-parse', 'HEAD').trim();
    const r = await cliAsync(['fix', '--cwd', dir, '--format', 'json'], { PATH });
    expect(r.code).toBe(1);
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.outcome).toBe('partial');
    expect(o.validation.check.source).toBe('justfile');
    expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
      ['rustfmt', ['src/lib.rs']],
      ['clippy', ['src/lib.rs']],
    ]);
    expect(remaining(o)).toEqual(['cargo E0308 llm', 'cargo test-failed none']);
    expect(git(dir, 'rev-list', `${before}..HEAD`).trim().split('\n')).toEqual([...o.commits].reverse());
    const log = git(dir, 'log', '--format=%s%n%b%n--', `${before}..HEAD`);
    expect(log).toContain('style: format 1 file(s) with cargo fmt');
    // The lints clippy names differ across its versions; these three it reports and fixes in 1.63 and today.
    expect(log).toContain(
      'fix(lint): fix 3 finding(s) with cargo clippy --fix (clippy::needless_return, clippy::redundant_field_names, unused_imports)',
    );
    expect(log).toMatch(/Tool: cargo-clippy clippy 0\.1\.\d+/);
    const lib = readFileSync(join(dir, 'src/lib.rs'), 'utf8');
    expect(lib).toContain('use std::collections::HashMap;\n');
    expect(lib).not.toContain('return low;');
    // cargo's build output stays out of the commits and the checkout.
    expect(git(dir, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n')).not.toContainEqual(
      expect.stringMatching(/^target\//),
    );
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(dir, 'target'))).toBe(false);
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('a model double fixes the compile error with the lines rustc names; the check proves it and it is committed', async () => {
    const dir = exampleRepo('rust-crate');
    const sent = server.requests.length;
    server.script(
      anthropicToolReply({
        edits: [
          {
            file: 'src/main.rs',
            old: '    let low: Vec<&str> = inv.needs_restock();',
            new: '    let low: Vec<String> = inv.needs_restock();',
          },
        ],
        explanation: 'needs_restock returns owned strings',
      }),
    );
    const r = await cliAsync(['fix', '--cwd', dir, '--format', 'json'], {
      PATH,
      ANTHROPIC_API_KEY: 'sk-ant-test',
      ANTHROPIC_BASE_URL: server.url,
    });
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.fixes.map((f) => f.fixer)).toEqual(['rustfmt', 'clippy', 'model']);
    expect(o.outcome).toBe('partial');
    expect(remaining(o)).toEqual(['cargo test-failed none']);
    expect(readFileSync(join(dir, 'src/main.rs'), 'utf8')).toContain(
      'let low: Vec<String> = inv.needs_restock();',
    );
    expect(git(dir, 'log', '-1', '--format=%s')).toBe('fix(type): fix 1 finding(s) with a model (E0308)\n');
    // One request, about the compile error: rustc's message and the statement it names, as for Python.
    const requests = server.requests.slice(sent);
    expect(requests).toHaveLength(1);
    const prompt = JSON.stringify(requests[0]!.body);
    expect(prompt).toContain('mismatched types');
    expect(prompt).toContain('let low: Vec<&str> = inv.needs_restock();');
    expect(prompt).not.toContain('assertion `left == right` failed');
  });

  it('a crate with no declared check is checked with cargo fmt, clippy and test, and ends green', async () => {
    const dir = exampleRepo('rust-crate', (d) => {
      rmSync(join(d, 'justfile'));
      const lib = join(d, 'src/lib.rs');
      writeFileSync(
        lib,
        readFileSync(lib, 'utf8')
          .replace('use std::collections::HashMap;', 'use std::collections::{HashMap, HashSet};')
          .replace('        low\n    }', '        return low;\n    }')
          .replace('+= quantity;', '+=quantity;'),
      );
    });
    const r = await cliAsync(['fix', '--cwd', dir, '--format', 'json'], { PATH });
    const o = JSON.parse(r.stdout) as Outcome;
    expect(o.validation.check.commands).toEqual([
      'cargo fmt --all --check',
      'cargo clippy --workspace --all-targets -- -D warnings',
      'cargo test --workspace',
    ]);
    expect(o.fixes.map((f) => f.fixer)).toEqual(['rustfmt', 'clippy']);
    expect(o.outcome).toBe('fixed');
    expect(r.code).toBe(0);
    expect(o.validation.after.passed).toBe(true);
  });
});
