// Checks that a change to the analyzer leaves its output on the real logs unchanged: prints a digest of
// the JSON analysis of each collected real job log (fed whole and in small odd-sized chunks) and of the
// bench's big logs (read the way `analyze` reads them: in parallel workers, and on one thread), from the
// build in DIST (default: this checkout's dist/). Save the output of a build before the change and diff it
// with the output after; bench/.data is git-ignored, so this cannot be a test.
//
//   node bench/analyze/same-output.mjs [DIST] > before.txt   (then again after the change, and diff)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const { LogAnalyzer } = await import(pathToFileURL(join(dist, 'analyze/log-analyzer.js')).href);
const { readInput } = await import(pathToFileURL(join(dist, 'analyze/read-inputs.js')).href);

const digest = (a) => createHash('sha256').update(JSON.stringify(a)).digest('hex').slice(0, 16);

const realDir = join(root, 'bench/.data/real-logs');
for (const name of existsSync(realDir) ? readdirSync(realDir).sort() : []) {
  if (!name.endsWith('.log')) continue;
  const bytes = readFileSync(join(realDir, name));
  const whole = new LogAnalyzer({ maxDiagnostics: 100_000 });
  whole.begin(name);
  whole.write(bytes);
  const a = whole.finish();
  // Chunks that cut lines (and multi-byte characters) anywhere.
  const chunked = new LogAnalyzer({ maxDiagnostics: 100_000 });
  chunked.begin(name);
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = 1 + ((k * 7919) % 4093);
    chunked.write(bytes.subarray(at, at + n));
    at += n;
  }
  const b = chunked.finish();
  console.log(
    `${name}: ${digest(a)} ${digest(b) === digest(a) ? 'same chunked' : `CHUNKED DIFFERS ${digest(b)}`} (${a.summary.diagnostics} diagnostics, ${a.excerpts.length} excerpts)`,
  );
}

const dataDir = join(root, 'bench/.data');
for (const name of existsSync(dataDir) ? readdirSync(dataDir).sort() : []) {
  if (!/^jobs-real-.*\.log$/.test(name)) continue;
  const digests = [];
  for (const parallel of ['1', '0']) {
    process.env.CI_AUTOFIX_PARALLEL = parallel;
    const analyzer = new LogAnalyzer();
    await readInput(join(dataDir, name), analyzer);
    const a = analyzer.finish();
    // The input label is the path, the same for both.
    digests.push(digest(a), a.summary.diagnostics);
  }
  console.log(`${name}: parallel ${digests[0]} (${digests[1]}), one thread ${digests[2]} (${digests[3]})`);
}
