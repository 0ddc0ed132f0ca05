import { LogAnalyzer } from './src/analyze/log-analyzer.ts';
import { readInput } from './src/analyze/read-inputs.ts';
const a = new LogAnalyzer();
for (const f of process.argv.slice(2)) await readInput(f, a);
const r = a.finish();
for (const d of r.diagnostics)
  console.log(
    `${d.source.name}\t${d.location?.path ?? '-'}:${d.location?.range?.start.line ?? ''}:${d.location?.range?.start.column ?? ''}\t${d.severity}\t${d.code?.value ?? ''}\t${d.category}/${d.fixability}\t${d.message.replace(/\n/g, ' | ')}\t[${d.log.lines}]${d.test ? ' test=' + d.test.name : ''}`,
  );
for (const t of r.tests) console.log('TEST', JSON.stringify(t));
if (process.env.EX)
  for (const e of r.excerpts)
    console.log('EXC', e.lines, e.score, e.reason, JSON.stringify(e.text.slice(0, 3)));
