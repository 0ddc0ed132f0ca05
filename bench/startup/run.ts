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
 * Measured 2026-12-06 on 2 × AMD EPYC, Node 20.20, load average 1–2.5, 7 runs each; the build before
 * (--bin /work/before/bin/ci-autofix.js, commit 2b5ed2c) in the same hour:
 *   --version                 0.156 s → 0.108 s (node -e 0 alone: 0.09 s)
 *   analyze 5 MB (typical)    0.637 s → 0.424 s; errorformat on the same file 0.52–0.65 s
 *   serve, PGlite, fresh      /healthz = ready 6.17 s → /healthz 0.44 s, /readyz 3.26 s
 *   serve, PGlite, restart    2.43 s → /healthz 0.44 s, /readyz 1.57 s
 *   serve, PostgreSQL         fresh 0.97 s → /healthz 0.42 s, /readyz 0.57 s; restart 0.89 → 0.50 s
 * What moved it: the CLI bundled with a chunk per command (scripts/build-cli.mjs: importing `fix` 0.65 s
 * → 0.29 s, `serve` 1.0 → 0.42 s, `analyze` 0.33 → 0.22 s); analyze loads zod and yaml only for a
 * config; --version answered by bin/ alone; a fresh PGlite folder loaded from the build's seed instead of
 * initdb (5.0 s → 1.1–1.5 s); the HTTP server listening before the database opens. Where the 3.3 s of a
 * fresh PGlite start go now: process and serve chunk 0.4 s, PGlite's module 0.3 s, loading the seed and
 * booting 1.8–2.1 s, migrations 0.35 s, the queue (pg-boss) 0.25–0.45 s.
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
