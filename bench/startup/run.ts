/**
 * bench/startup: how soon the CLI and the service are ready, process start-up included (issue 18's targets
 * on a quiet 2-core machine), each a median of interleaved runs:
 * 1. `ci-autofix --version` (target ≤ 0.15 s);
 * 2. `ci-autofix analyze` of a 5 MB log of real GitHub Actions jobs (bench/analyze's typical mix, output
 *    to /dev/null; target ≤ 0.5 s), beside reviewdog/errorformat on the same file (errorformat.go, built
 *    from Debian's golang-github-reviewdog-errorformat-dev);
 * 3. `ci-autofix serve` until `/healthz` answers, and until `/readyz` does (database open and migrated,
 *    queue and workers started): on PGlite in a fresh data folder and restarted on it (target ≤ 3 s),
 *    and on PostgreSQL (127.0.0.1:5432 or TEST_DATABASE_URL) in a fresh database and restarted on it
 *    (target ≤ 1 s).
 *
 *   npm run bench:startup                     (--runs N: runs of each, default 11; --bin: another build)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { realBigLog } from '../analyze/big-log.js';
import { createTestDatabase } from '../../test/helpers/databases.js';

const root = join(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 11) || 11;
const bin = argv.includes('--bin') ? argv[argv.indexOf('--bin') + 1]! : join(root, 'bin/ci-autofix.js');
/** The tools both errorformat and ci-autofix know (test/errorformat.test.ts), as one scanner. */
const EFM_NAMES = ['flake8', 'pep8', 'mypy', 'black', 'isort', 'eslint', 'eslint-compact', 'tsc'];

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;

/** Wall seconds of one command, output to /dev/null; throws on an unexpected exit code. */
function timed(cmd: string, args: string[], okCodes = [0]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const s = (performance.now() - t) / 1000;
  if (!okCodes.includes(r.status ?? -1))
    throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return s;
}

function errorformatBinary(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'ci-autofix-efm-')), 'errorformat');
  execFileSync('go', ['build', '-o', out, join(import.meta.dirname, 'errorformat.go')], {
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '' },
    stdio: 'inherit',
  });
  return out;
}

/** Seconds from spawning `serve` until GET /healthz, then GET /readyz, answer 200 (polled every 10 ms). */
async function untilHealthy(env: Record<string, string>): Promise<{ healthz: number; readyz: number }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const t = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port)], {
    env: { ...process.env, GITHUB_TOKEN: 'bench-token', LOG_LEVEL: 'warn', MONITOR_INTERVAL: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const until = async (path: string) => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}${path}`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return (performance.now() - t) / 1000;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  try {
    const healthz = await until('/healthz');
    return { healthz, readyz: await until('/readyz') };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

console.log(
  `bench/startup on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; load ${load()}; ${runs} runs each`,
);
if (!existsSync(join(root, 'dist/cli/run.js'))) execFileSync('npm', ['run', 'build'], { cwd: root });

const version = Array.from({ length: runs }, () => timed(process.execPath, [bin, '--version']));
console.log(`--version: median ${median(version).toFixed(3)} s (${range(version)}; target ≤ 0.15)`);

const log = await realBigLog('typical', 5);
const efm = errorformatBinary();
const ours: number[] = [];
const theirs: number[] = [];
for (let i = 0; i < runs; i++) {
  // analyze exits 1 when the log holds a failure, as these do.
  ours.push(timed(process.execPath, [bin, 'analyze', log], [0, 1]));
  theirs.push(timed(efm, [log, ...EFM_NAMES]));
}
console.log(`analyze 5 MB (${log}):`);
console.log(`  ci-autofix analyze: median ${median(ours).toFixed(3)} s (${range(ours)}; target ≤ 0.5)`);
console.log(
  `  errorformat -name=${EFM_NAMES.join(',')}: median ${median(theirs).toFixed(3)} s (${range(theirs)})`,
);

for (const backend of ['pglite', 'postgres'] as const) {
  const fresh: Array<{ healthz: number; readyz: number }> = [];
  const again: Array<{ healthz: number; readyz: number }> = [];
  for (let i = 0; i < Math.min(runs, 7); i++) {
    // PGlite: a folder that does not exist yet, as on a first start.
    const db = backend === 'postgres' ? await createTestDatabase(backend, { migrate: false }) : undefined;
    await db?.db.close();
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ci-autofix-bench-start-')), 'data');
    const env: Record<string, string> = db?.url ? { DATABASE_URL: db.url } : { CI_AUTOFIX_DATA_DIR: dataDir };
    fresh.push(await untilHealthy(env));
    again.push(await untilHealthy(env));
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const target = backend === 'pglite' ? 3 : 1;
  const show = (xs: Array<{ healthz: number; readyz: number }>) =>
    `/healthz ${median(xs.map((x) => x.healthz)).toFixed(2)} s (${range(xs.map((x) => x.healthz))}), /readyz ${median(xs.map((x) => x.readyz)).toFixed(2)} s (${range(xs.map((x) => x.readyz))})`;
  console.log(`serve on ${backend} (target ≤ ${target} s):`);
  console.log(`  fresh:   ${show(fresh)}`);
  console.log(`  restart: ${show(again)}`);
}
rmSync(efm, { force: true });
console.log(`load ${load()}`);
