import { readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { openDatabase, readOverview, type Queryable } from '../../src/store/index.js';

const NAME = 'bench-dashboard-serial';
/** Clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK: 100 on Linux). */
const TICK_MS = 10;

/** The server's processes of this bench's serial connections. */
async function backends(admin: Queryable): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [NAME],
  );
  return rows.map((r) => r.pid);
}

/** CPU time (user + system) of those processes, in ms. */
async function serverCpuMs(admin: Queryable): Promise<number> {
  let ticks = 0;
  for (const pid of await backends(admin)) {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

/**
 * The CPU time the server spent per overview on the connections for reports (as the service reads:
 * parallel query off), which other processes' load on the machine slows but does not add to. With
 * `shield` (root), this process and those connections' server processes run at the highest priority
 * (nice −20), and the overview is timed again: the machine as if nobody else used it, for these runs.
 */
export async function serverCpu(
  url: string,
  admin: Queryable,
  timed: (label: string, fn: () => Promise<unknown>) => Promise<void>,
  shield: boolean,
): Promise<void> {
  const opened = await openDatabase({ url: `${url}?application_name=${NAME}`, dataDir: '' });
  const serial = opened.reports;
  const priority = getPriority();
  try {
    // Every connection the overview uses at once, opened before they are counted (or shielded).
    await readOverview(serial, { days: 90 });
    if (shield) for (const pid of [process.pid, ...(await backends(admin))]) setPriority(pid, -20);
    for (const days of [30, 90]) {
      if (shield) await timed(`readOverview: ${days} days, shielded`, () => readOverview(serial, { days }));
      const before = await serverCpuMs(admin);
      for (let i = 0; i < 10; i++) await readOverview(serial, { days });
      const cpu = ((await serverCpuMs(admin)) - before) / 10;
      const label = `  the server's CPU per overview, ${days} days (10 runs)`;
      console.log(`${label.padEnd(52)} ${cpu.toFixed(0).padStart(7)}`);
    }
  } finally {
    setPriority(process.pid, priority);
    await opened.close();
  }
}
