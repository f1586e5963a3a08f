#!/usr/bin/env node
// Entry point installed as `bulwark`: runs the compiled CLI with the process's streams.

import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
