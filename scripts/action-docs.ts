// Renders each action's inputs and outputs (from its action.yml) as the README's tables, and
// rewrites them in place with `pnpm docs:tables`; a test fails when the README drifts from the manifests.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ACTIONS = ['find-flows', 'deploy', 'promote', 'cleanup'] as const;

interface Manifest {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
}

const cell = (text: string) =>
  text
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export function readManifest(repoRoot: string, action: string): Manifest {
  return parse(readFileSync(join(repoRoot, action, 'action.yml'), 'utf8')) as Manifest;
}

export function renderTables(manifest: Manifest): string {
  const inputs = Object.entries(manifest.inputs ?? {}).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${input.default ? `\`${input.default}\`` : ''} | ${cell(input.description ?? '')} |`,
  );
  const outputs = Object.entries(manifest.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description ?? '')} |`,
  );
  return [
    '| input | required | default | description |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
  ].join('\n');
}

const markers = (action: string) =>
  [`<!-- action-docs:${action} -->`, `<!-- /action-docs:${action} -->`] as const;

/** The README with every action's tables regenerated between its markers. */
export function regenerate(readme: string, repoRoot: string): string {
  let text = readme;
  for (const action of ACTIONS) {
    const [open, close] = markers(action);
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${open} … ${close}`);
    text = `${text.slice(0, start + open.length)}\n${renderTables(readManifest(repoRoot, action))}\n${text.slice(end)}`;
  }
  return text;
}

if (process.argv[1]?.endsWith('action-docs.ts')) {
  const root = process.cwd();
  const path = join(root, 'README.md');
  writeFileSync(path, regenerate(readFileSync(path, 'utf8'), root));
  console.log('README.md action tables regenerated from */action.yml');
}
