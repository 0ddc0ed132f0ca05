/**
 * bench/fix: on the examples, the wall time of `ci-autofix fix` (the CLI process, start to exit) against
 * the time of the tool and check commands it ran in the sandbox (the overhead ratio; target ≤ 1.3×), and
 * the CLI's peak RSS. Each run gets a fresh copy of the example with its failing commit.
 *
 *   npx tsx bench/fix/run.ts [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { allToolsPath, exampleRepo } from '../../test/helpers/example-repo.js';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg === -1 ? 5 : Number(process.argv[runsArg + 1]);

console.log(`bench/fix on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
for (const example of ['python-service', 'typescript-package']) {
  const rows: Array<{ wall: number; commands: number; n: number; rss: number; outcome: string }> = [];
  for (let i = 0; i < runs; i++) {
    const dir = exampleRepo(example);
    const started = process.hrtime.bigint();
    // GNU time reports the CLI's peak RSS (KB) on stderr's last line.
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        join(root, 'bin/ci-autofix.js'),
        'fix',
        '--cwd',
        dir,
        '--format',
        'json',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, PATH: allToolsPath },
      },
    );
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    const o = JSON.parse(r.stdout) as { outcome: string; timing: { commands_ms: number; commands: number } };
    rows.push({
      wall,
      commands: o.timing.commands_ms,
      n: o.timing.commands,
      rss: Number(r.stderr.trim().split('\n').pop()) / 1024,
      outcome: o.outcome,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = rows.map((r) => r.wall / r.commands);
  console.log(
    `\n${example}: outcome ${rows[0]!.outcome}, ${rows[0]!.n} sandboxed commands per run, ${runs} runs`,
  );
  console.log(`wall: ${rows.map((r) => (r.wall / 1000).toFixed(2)).join(' s, ')} s`);
  console.log(`commands: ${rows.map((r) => (r.commands / 1000).toFixed(2)).join(' s, ')} s`);
  console.log(
    `overhead ratio (wall / commands): median ${median(ratios).toFixed(2)}×, worst ${Math.max(...ratios).toFixed(2)}× (target ≤ 1.3×)`,
  );
  console.log(`peak RSS of the CLI: ${Math.max(...rows.map((r) => r.rss)).toFixed(0)} MB`);
}
