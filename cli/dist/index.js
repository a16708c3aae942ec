#!/usr/bin/env node
// Written by `pnpm build` (packages/cli/scripts/write-root-entry.mjs): runs the bundled CLI from a clone.
import '../../packages/cli/dist/index.js';
