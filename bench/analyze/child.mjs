// One measured analysis of a file with the built analyzer (DIST: a build's dist/ folder, this checkout's
// by default); prints {seconds, maxRssMb, …} as JSON.
//
//   node bench/analyze/child.mjs FILE [DIST]
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[3] ?? join(import.meta.dirname, '../../dist'));
const { LogAnalyzer } = await import(pathToFileURL(join(dist, 'analyze/log-analyzer.js')).href);
const { readInput } = await import(pathToFileURL(join(dist, 'analyze/read-inputs.js')).href);
// Timed from here, as before: the modules' loading is the same for every build (bench/startup has it).
const start = process.hrtime.bigint();
const startCpu = process.cpuUsage();
const analyzer = new LogAnalyzer();
await readInput(process.argv[2], analyzer);
const a = analyzer.finish();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage();
const analysisCpu = process.cpuUsage(startCpu);
process.stdout.write(
  JSON.stringify({
    seconds,
    // CPU time of all threads: on a shared machine it says what the analysis cost when wall time cannot.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    // The same, of the timed part only (not the modules' loading): on a busy machine, the cost of the analysis.
    analysisCpuSeconds: (analysisCpu.user + analysisCpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    diagnostics: a.diagnostics.length,
    dropped: a.summary.dropped,
  }),
);
