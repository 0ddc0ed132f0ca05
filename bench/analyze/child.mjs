// One measured analysis of a file with the built analyzer; prints {seconds, maxRssMb, …} as JSON.
import { LogAnalyzer } from '../../dist/analyze/log-analyzer.js';
import { readInput } from '../../dist/analyze/read-inputs.js';

const start = process.hrtime.bigint();
const analyzer = new LogAnalyzer();
await readInput(process.argv[2], analyzer);
const a = analyzer.finish();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    seconds,
    // CPU time of all threads: on a shared machine it says what the analysis cost when wall time cannot.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    diagnostics: a.diagnostics.length,
    dropped: a.summary.dropped,
  }),
);
