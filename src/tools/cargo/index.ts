import { existsSync } from 'node:fs';
import type { ToolPlugin } from '../plugin.js';
import { cargoInfrastructure } from './infrastructure.js';
import { askClippy } from './ask.js';
import { cargoBuildOutput } from './build-output.js';
import { clippyFixer, rustfmtFixer } from './fixers.js';
import { cargoParser } from './parser.js';
import { cargoVerdict } from './triage.js';

const RUST = /\.rs$/;

/**
 * cargo and what a Rust job runs through it: rustc (build, check), clippy, rustfmt (`cargo fmt`) and
 * libtest (`cargo test`). One parser reads them all, as one step of a job interleaves them; clippy's and
 * rustfmt's findings carry their own names.
 */
export const cargo: ToolPlugin = {
  name: 'cargo',
  aliases: ['clippy', 'rustfmt'],
  runsTests: true,
  parser: cargoParser,
  infrastructure: cargoInfrastructure,
  verdict: cargoVerdict,
  fixers: [rustfmtFixer, clippyFixer],
  ask: askClippy,
  check: {
    configuredBy: { files: ['Cargo.toml'] },
    commands: [
      ['cargo', 'fmt', '--all', '--check'],
      // Warnings fail the check, as in most Rust CI: a lint that only warns is no failure to fix.
      ['cargo', 'clippy', '--workspace', '--all-targets', '--', '-D', 'warnings'],
      ['cargo', 'test', '--workspace'],
    ],
  },
  config: {
    files: ['**/{.,}clippy.toml', '**/{.,}rustfmt.toml'],
    sections: [{ files: '**/Cargo.toml', section: /^(workspace\.)?lints(\..*)?$/ }],
  },
  suppressions: [
    {
      id: 'rust-allow',
      tool: 'clippy / rustc',
      what: 'an `#[allow(…)]` or `#![allow(…)]` attribute',
      example: '#[allow(clippy::needless_return)]',
      files: RUST,
      pattern: /#!?\[(?:allow|expect)\((?<codes>[^)]*)\)\]/g,
    },
    {
      id: 'rustfmt-skip',
      tool: 'rustfmt',
      what: 'a `#[rustfmt::skip]` attribute',
      example: '#[rustfmt::skip]',
      files: RUST,
      pattern: /#!?\[rustfmt::skip\b/g,
    },
  ],
  // rustup's proxies (cargo, rustfmt …) find their toolchains under RUSTUP_HOME, by default in the HOME
  // the sandbox replaces: the parent's is passed on (read-only there), with the toolchain it chose.
  env: (parent) => {
    const home = parent.RUSTUP_HOME ?? (parent.HOME ? `${parent.HOME}/.rustup` : undefined);
    return {
      ...(home && existsSync(home) ? { RUSTUP_HOME: home } : {}),
      ...(parent.RUSTUP_TOOLCHAIN ? { RUSTUP_TOOLCHAIN: parent.RUSTUP_TOOLCHAIN } : {}),
    };
  },
  buildOutput: cargoBuildOutput,
  testFiles: ['**/tests/**/*.rs'],
  testCode: {
    files: RUST,
    asserts: /\b(?:debug_)?assert(?:_eq|_ne|_matches)?!/,
    skips: /#\[ignore\b/,
  },
};
