import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFiles } from './helpers/analyze.js';

/**
 * Re-runs the REAL tools on the broken sources (test/fixtures/tools/record.sh into a temp folder) and
 * checks that our parse of what they print now agrees with our parse of the recorded fixtures: the same
 * diagnostics (tool, file, line, code) and the same test counts. A tool upgrade that changes its output
 * format fails here. In CI every Python and JavaScript tool must be installed (.ci/run installs them);
 * go and cargo are checked when present.
 */
const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'test/fixtures/tools');
const venv = join(root, '.venv/bin');
const pyBin = existsSync(join(venv, 'ruff')) ? venv : undefined;
const required = ['ruff', 'flake8', 'pylint', 'mypy', 'black', 'isort'];
const missing = required.filter((t) => !existsSync(join(pyBin ?? '/nonexistent', t)));
// Re-run only where the toolchain (or the local wheel folder pip installs from, or pytest-xdist) is on
// the machine.
const OPTIONAL = new Set(['noise-pip-install', 'pytest-xdist', 'pytest-xdist-tb-no']);
// Toolchains or plugins a developer's machine may lack (.ci/run installs them): pytest-rerunfailures is
// Debian's, for the system Python.
const GO_OR_RUST = /^((go|gen-go|gofmt|goimports|staticcheck|cargo|clippy|rustfmt|rustc)-|pytest-rerun(-|$))/;
// Not re-run: npm errors that ask the registry, and apt output recorded once as root.
const NOT_RERUN = new Set([
  // Biome 1.9.4, fetched from npm by record.d/biome.sh (this test records offline).
  'biome1-ci',
  'biome1-ci-json',
  'npm-eresolve',
  'npm-ci-out-of-sync',
  'noise-apt-install',
  'yarn-missing-script',
  'yarn-frozen-lockfile',
  'pnpm-missing-script',
  'pnpm-frozen-lockfile',
  // They wait a minute each on purpose (record.sh, SKIP_SLOW).
  'pytest-counters',
  'mocha-hooks',
  // Debian's Maven and Gradle, offline with Debian's own plugin repository, 10-20 s a build: record.d/jvm.sh
  // (SKIP_SLOW skips them; .ci/run does not install a JVM).
  'maven-test',
  'maven-rerun',
  'maven-flaky',
  'junit-surefire',
  'gradle-test',
  'gradle-test-full',
  'junit-gradle',
]);

let liveDir = '';

async function keys(file: string): Promise<string[]> {
  const a = await analyzeFiles([file]);
  return [
    ...a.diagnostics.map((d) =>
      [d.source.name, d.location?.path ?? '-', d.location?.range?.start.line ?? '', d.code?.value ?? ''].join(
        ' ',
      ),
    ),
    ...a.tests.map(
      (t) =>
        `TESTS ${t.framework} ${t.run}/${t.passed}/${t.failed}/${t.skipped} ${t.failed_names.join(',')} flaky ${(t.flaky_names ?? []).join(',')}`,
    ),
  ].sort();
}

describe.skipIf(missing.length > 0 && !process.env.CI)('live tools agree with the recorded fixtures', () => {
  beforeAll(() => {
    if (missing.length)
      throw new Error(
        `Python tools missing from .venv: ${missing.join(', ')} — run bash .ci/run (it installs them)`,
      );
    liveDir = mkdtempSync(join(tmpdir(), 'ci-autofix-live-'));
    execFileSync('bash', [join(fixtures, 'record.sh')], {
      env: {
        ...process.env,
        OUT: liveDir,
        OFFLINE: '1',
        SKIP_SLOW: '1',
        PY: pyBin!,
        PATH: `${pyBin}${delimiter}${process.env.PATH}`,
      },
      stdio: 'pipe',
      timeout: 240_000,
    });
  }, 300_000);

  const recorded = readdirSync(join(fixtures, 'out'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.replace(/\.txt$/, ''))
    .filter((n) => !NOT_RERUN.has(n));
  for (const name of recorded) {
    it(name, async () => {
      const live = join(liveDir, `${name}.txt`);
      // The Go and Rust toolchains may be missing on a developer's machine (.ci/run installs them).
      if ((OPTIONAL.has(name) || GO_OR_RUST.test(name)) && !existsSync(live)) return;
      expect(existsSync(live), `${name} was not re-run`).toBe(true);
      expect(await keys(live)).toEqual(await keys(join(fixtures, 'out', `${name}.txt`)));
    });
  }
});
