import { main } from './main.js';

// The bin entry: run, then exit with the command's code once output is flushed.
// A closed pipe (`ci-autofix analyze log | head`) is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ci-autofix: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
