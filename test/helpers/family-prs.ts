import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './cli.js';
import { allToolsPath, git, toolsPath } from './example-repo.js';
import type { GitHubServer } from './github-server/index.js';
import { cleanRunnerEnv, runBundledAction, type ActionRun } from './run-action.js';
import { haveJust, rustToolchain } from './tools-present.js';

/**
 * The Go, Rust and Biome examples as pull requests whose CI failed on what their tools fix alone
 * (layout, imports, safe lint fixes), so that a fix ends with the project's own check green: the slips,
 * the PATH their tools need, and the commits a user sees.
 */

const has = (script: string) => spawnSync('sh', ['-c', script], { stdio: 'pipe' }).status === 0;

/** go, gofmt, goimports, staticcheck and just, as test/go-family.test.ts needs them. */
const goTools =
  haveJust &&
  has('command -v go && command -v gofmt && command -v goimports') &&
  has('command -v staticcheck || command -v go-staticcheck');

if (process.env.CI && (!goTools || !rustToolchain || !haveJust))
  throw new Error('the Go or Rust tools or just are missing on this CI machine; .ci/run installs them');

/** Replaces `from` in `file` (it must be there) with `to`. */
function replace(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}

export interface Family {
  name: string;
  example: string;
  /** Whether this machine has the family's tools. */
  present: boolean;
  /** The PR's change: only findings the family's tools fix. */
  slip: (dir: string) => void;
  /** PATH for the check and for ci-autofix. */
  path: string;
  /** The subjects of the fix commits, oldest first. */
  subjects: string[];
  /** How the status comment names each tool that made a fix. */
  tools: string[];
  /** The files the fix changes, sorted. */
  files: string[];
}

export const GO: Family = {
  name: 'Go',
  example: 'go-module',
  present: goTools,
  slip: (d) => {
    replace(d, 'money/money.go', '\t{"10 cent", 10},\n', '\t{"10 cent", 10},\n\tCoin{"5 cent", 5},\n');
    replace(d, 'report/report.go', '\t"fmt"\n', '\t"fmt"\n\t"os"\n');
  },
  path: toolsPath,
  subjects: [
    'style(imports): fix the imports of 1 file(s) with goimports',
    'style: format 1 file(s) with gofmt',
  ],
  tools: ['goimports', 'gofmt'],
  files: ['money/money.go', 'report/report.go'],
};

export const RUST: Family = {
  name: 'Rust',
  example: 'rust-crate',
  present: rustToolchain !== undefined && haveJust,
  slip: (d) => {
    replace(d, 'src/lib.rs', 'use std::collections::HashMap;', 'use std::collections::{HashMap, HashSet};');
    replace(d, 'src/lib.rs', '        low\n    }', '        return low;\n    }');
    replace(d, 'src/lib.rs', '+= quantity;', '+=quantity;');
  },
  path: `${rustToolchain}:${toolsPath}`,
  subjects: [
    'style: format 1 file(s) with cargo fmt',
    'fix(lint): fix 2 finding(s) with cargo clippy --fix (clippy::needless_return, unused_imports)',
  ],
  tools: ['cargo-fmt rustfmt', 'cargo-clippy clippy'],
  files: ['src/lib.rs'],
};

/** The Biome example's failing.patch without the slips no tool fixes (a wrong rate, an `any`). */
export const BIOME: Family = {
  name: 'Biome',
  example: 'biome-package',
  present: haveJust,
  slip: (d) => {
    git(d, 'apply', join(repoRoot, 'examples/biome-package/failing.patch'));
    replace(d, 'src/rates.ts', 'perKg: 12,', 'perKg: 120,');
    replace(d, 'src/shipping.ts', 'label(parcel: any)', 'label(parcel: Parcel)');
  },
  path: allToolsPath,
  subjects: [
    'style: organize imports in 1 file(s) with biome check --write',
    'style: format 1 file(s) with biome format',
    'fix(lint): fix 1 finding(s) with biome lint --write (lint/style/useConst)',
  ],
  tools: ['biome'],
  files: ['src/parcel.ts', 'src/shipping.ts'],
};

/** The commits from the analysed head to `dir`'s HEAD, their subjects (oldest first), the files changed. */
export function fixAt(
  dir: string,
  headSha: string,
): { commits: string[]; subjects: string[]; files: string[] } {
  const lines = (...args: string[]) =>
    git(dir, ...args)
      .trim()
      .split('\n');
  return {
    commits: lines('log', '--reverse', '--format=%H', `${headSha}..HEAD`),
    subjects: lines('log', '--reverse', '--format=%s', `${headSha}..HEAD`),
    files: lines('diff', '--name-only', headSha, 'HEAD').sort(),
  };
}

/**
 * Runs the bundled Action (`node action/index.js`) as the runner starts it on the `workflow_run.completed`
 * event of `runId`: inputs in `INPUT_*`, nothing of this machine's GitHub or model setup; its outputs.
 */
export function runAction(
  server: GitHubServer,
  o: { repo: string; runId: number; inputs: Record<string, string>; env: Record<string, string> },
): Promise<ActionRun> {
  return runBundledAction({
    server,
    parent: mkdtempSync(join(tmpdir(), 'ci-autofix-action-')),
    ...o,
    env: {
      ...cleanRunnerEnv(),
      NO_COLOR: '1',
      ...server.clientEnv,
      GITHUB_SERVER_URL: server.serverUrl,
      ...o.env,
    },
  });
}
