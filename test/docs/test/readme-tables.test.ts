import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, readManifest, regenerate, renderTables } from '../../../scripts/action-docs.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('README action tables', () => {
  it('match every action.yml exactly (run `pnpm docs:tables` after changing a manifest)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(regenerate(readme, root)).toBe(readme);
  });

  it.each(ACTIONS)('list every input and output of %s', (action) => {
    const manifest = readManifest(root, action);
    const tables = renderTables(manifest);
    for (const name of [...Object.keys(manifest.inputs ?? {}), ...Object.keys(manifest.outputs ?? {})]) {
      expect(tables).toContain(`| \`${name}\` |`);
    }
  });

  it('notices a drifted table', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const drifted = readme.replace('| `dry-run` |', '| `dry_run` |');
    expect(drifted).not.toBe(readme);
    expect(regenerate(drifted, root)).not.toBe(drifted);
  });
});
