/**
 * bench/analyze: throughput (MB/s) and peak RSS of `analyze` on a big log made of real-format GitHub
 * Actions job logs, repeated with fresh timestamps until the size is reached. Everything in them is real
 * tool output (test/fixtures/tools/out) in the runner's raw format. Two mixes:
 * - `typical`: jobs as CI really fails — set-up, installs (pip, apt), a long passing test run (pytest -v
 *   of 900 tests) and one failing step (ruff, mypy, pytest, tsc, eslint, … in turn): ~5% failure lines;
 * - `dense`: the fixture jobs of test/fixtures/gha, where nearly every line is a failure (worst case).
 * Target on the project's 2-core machine: ≥ 100 MB/s and < 300 MB peak RSS whatever the input size.
 *
 *   npm run bench                              (200 MB, typical, then dense)
 *   npm run bench -- --size-mb 2048 --mix typical
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const sizeMb = arg('--size-mb', 200);
const runs = arg('--runs', 3);
const mixArg = process.argv.indexOf('--mix');
const mixes = mixArg === -1 ? ['typical', 'dense'] : [process.argv[mixArg + 1]!];
const dataDir = join(root, 'bench/.data');

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

function typicalJobs(): string[][] {
  const [pythonJob] = fixtureJobs();
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

async function buildLog(mix: string, file: string): Promise<void> {
  if (existsSync(file) && statSync(file).size >= sizeMb * 1024 * 1024) return;
  mkdirSync(dataDir, { recursive: true });
  const jobs = mix === 'dense' ? fixtureJobs() : typicalJobs();
  const out = createWriteStream(file);
  let written = 0;
  let t = Date.UTC(2026, 0, 1);
  let n = 0;
  while (written < sizeMb * 1024 * 1024) {
    const job = jobs[n++ % jobs.length]!;
    let chunk = '';
    for (const line of job) {
      t += 13;
      chunk += `${new Date(t).toISOString().replace('Z', '')}0000Z ${line}\n`;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

if (!existsSync(join(root, 'dist/analyze/log-analyzer.js')))
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
console.log(
  `bench/analyze on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
for (const mix of mixes) {
  const file = join(dataDir, `jobs-${mix}-${sizeMb}mb.log`);
  await buildLog(mix, file);
  const bytes = statSync(file).size;

  const results: Array<{ seconds: number; maxRssMb: number; diagnostics: number; dropped: number }> = [];
  for (let i = 0; i < runs; i++) {
    // A fresh process per run, so peak RSS is the analyzer's own.
    const out = execFileSync(process.execPath, [join(import.meta.dirname, 'child.mjs'), file], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    results.push(JSON.parse(out) as (typeof results)[number]);
  }
  const best = Math.min(...results.map((r) => r.seconds));
  const median = results.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(results.length / 2)]!;
  const peak = Math.max(...results.map((r) => r.maxRssMb));
  const mb = bytes / 1024 / 1024;
  console.log(`\n${mix}: ${mb.toFixed(0)} MB of GitHub Actions job logs (${file})`);
  console.log(`runs: ${results.map((r) => r.seconds.toFixed(2)).join(' s, ')} s`);
  console.log(
    `throughput: ${(mb / median).toFixed(0)} MB/s median, ${(mb / best).toFixed(0)} MB/s best (target ≥ 100)`,
  );
  console.log(`peak RSS: ${peak.toFixed(0)} MB (target < 300)`);
  console.log(`diagnostics kept: ${results[0]!.diagnostics}, counted past the cap: ${results[0]!.dropped}`);
}
