// One measured analysis of a file with the built analyzer; prints {seconds, maxRssMb, …} as JSON.
import { LogAnalyzer } from '../../dist/analyze/log-analyzer.js';
import { readInput } from '../../dist/analyze/read-inputs.js';

const start = process.hrtime.bigint();
const analyzer = new LogAnalyzer();
await readInput(process.argv[2], analyzer);
const a = analyzer.finish();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(
  JSON.stringify({
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    diagnostics: a.diagnostics.length,
    dropped: a.summary.dropped,
  }),
);
