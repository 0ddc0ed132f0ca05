/**
 * The bench's former mixes (`--synthetic`): job logs assembled from the parser fixtures (real tool output
 * in the runner's format, test/fixtures/tools/out and test/fixtures/gha), kept to compare with earlier
 * figures. The default mixes come from real jobs (collect-real-logs.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

const out = (name: string) =>
  readFileSync(join(root, 'test/fixtures/tools/out', `${name}.txt`), 'utf8')
    .replace(/\n$/, '')
    .split('\n');

/** Raw job logs without their timestamps (they are re-stamped as the big log is written). */
function fixtureJobs(): string[][] {
  return ['python-job.log', 'node-job.log'].map((f) =>
    readFileSync(join(root, 'test/fixtures/gha', f), 'utf8')
      .replace(/^\ufeff/, '')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(29)),
  );
}

/**
 * `typical`: set-up, installs (pip, apt), a long passing test run (pytest -v of 900 tests) and one failing
 * step (ruff, mypy, pytest, tsc, eslint, … in turn); `dense`: the fixture jobs, nearly every line a failure.
 */
export function syntheticJobs(mix: string): string[][] {
  const [pythonJob] = fixtureJobs();
  if (mix === 'dense') return fixtureJobs();
  const setup = pythonJob!.slice(
    0,
    pythonJob!.findIndex((l) => l.startsWith('##[group]Run pip install')),
  );
  const step = (name: string, lines: string[], exit = 0) => [
    `##[group]Run ${name}`,
    name,
    'shell: /usr/bin/bash -e {0}',
    '##[endgroup]',
    ...lines,
    ...(exit ? [`##[error]Process completed with exit code ${exit}.`] : []),
  ];
  const passing = out('noise-pytest-verbose');
  const install = [
    ...step('sudo apt-get install -y graphviz', out('noise-apt-install')),
    ...step('pip install -e .', out('noise-pip-install')),
  ];
  const failures: Array<[string, string]> = [
    ['ruff check .', 'ruff-concise'],
    ['ruff format --check .', 'ruff-format'],
    ['mypy pkg', 'mypy'],
    ['pytest tests/test_util.py', 'pytest'],
    ['pytest tests', 'pytest-collect'],
    ['flake8 pkg', 'flake8'],
    ['pylint pkg', 'pylint'],
    ['npx tsc --noEmit', 'tsc'],
    ['npx eslint .', 'eslint-stylish'],
    ['npx prettier --check .', 'prettier-check'],
    ['npx vitest run', 'vitest'],
    ['go test ./...', 'go-test'],
  ];
  return failures.map(([cmd, name]) => [
    ...setup,
    ...install,
    ...step('pytest -v tests/unit', [...passing, ...passing, ...passing]),
    ...step(cmd, out(name), 1),
    'Post job cleanup.',
    'Cleaning up orphan processes',
  ]);
}
