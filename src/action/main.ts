import { runAction } from './action.js';

// The Action's entry (bundled into action/index.js): run, then exit with the job's code once output is flushed.
runAction({ stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ci-autofix: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
