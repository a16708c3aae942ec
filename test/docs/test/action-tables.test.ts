import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, actionPage, readManifest, regenerate, renderTables } from '../../../scripts/action-docs.js';

const root = join(import.meta.dirname, '..', '..', '..');
const page = (action: string) => readFileSync(join(root, actionPage(action)), 'utf8');

describe("each action's page holds its inputs and outputs tables", () => {
  it.each(ACTIONS)(
    'docs/%s.md matches its action.yml exactly (run `pnpm docs:tables` after changing a manifest)',
    (action) => {
      expect(regenerate(page(action), root, action)).toBe(page(action));
    },
  );

  it.each(ACTIONS)('list every input and output of %s', (action) => {
    const manifest = readManifest(root, action);
    const tables = renderTables(manifest);
    for (const name of [...Object.keys(manifest.inputs ?? {}), ...Object.keys(manifest.outputs ?? {})]) {
      expect(tables).toContain(`| \`${name}\` |`);
    }
  });

  it('notices a drifted table', () => {
    const text = page('deploy');
    const drifted = text.replace('| `dry-run` |', '| `dry_run` |');
    expect(drifted).not.toBe(text);
    expect(regenerate(drifted, root, 'deploy')).not.toBe(drifted);
  });

  it('names the page that lacks its markers', () => {
    expect(() => regenerate('# no tables here\n', root, 'cleanup')).toThrow(
      /docs\/cleanup\.md lacks the markers/,
    );
  });
});
