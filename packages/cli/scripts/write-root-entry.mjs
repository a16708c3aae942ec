// Part of the build: writes cli/dist/index.js at the repository root, so that
// `node cli/dist/index.js …` runs the bundle from a clone (the package itself ships dist/ alone).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const entry = join(root, 'cli', 'dist', 'index.js');
mkdirSync(dirname(entry), { recursive: true });
writeFileSync(
  entry,
  [
    '#!/usr/bin/env node',
    '// Written by `pnpm build` (packages/cli/scripts/write-root-entry.mjs): runs the bundled CLI from a clone.',
    "import '../../packages/cli/dist/index.js';",
    '',
  ].join('\n'),
);
