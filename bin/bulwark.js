#!/usr/bin/env node
// Entry point installed as `bulwark`: runs the compiled CLI with the process's streams.

import { main } from '../dist/cli/main.js';
import { removeTrackedTemporaries } from '../dist/node/temporary.js';

// An interrupted run removes its spill folders and unfinished reports, and
// exits with the shell's code for the signal (128 + signal number).
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    removeTrackedTemporaries();
    process.exit(code);
  });
}

// A closed pipe (`bulwark check . | head`) ends the run quietly; any other
// failure to write the report is an output error (exit code 2).
process.stdout.on('error', (error) => {
  removeTrackedTemporaries();
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`bulwark: cannot write to standard output (${error.code ?? error.message})\n`);
  process.exit(2);
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
