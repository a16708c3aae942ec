#!/usr/bin/env node
// Entry of the `acme-portal` command (bin of the package, bundled to dist/index.js).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
