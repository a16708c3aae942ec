// Renders each action's inputs and outputs (from its action.yml) as the tables of its page,
// docs/<action>.md, rewritten in place by `pnpm docs:tables`; a test fails when a page drifts.
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

/** The page that documents an action, relative to the repository root. */
export const actionPage = (action: string) => `docs/${action}.md`;

/** An action's page with its tables regenerated between its markers. */
export function regenerate(page: string, repoRoot: string, action: string): string {
  const [open, close] = markers(action);
  const start = page.indexOf(open);
  const end = page.indexOf(close);
  if (start < 0 || end < start) throw new Error(`${actionPage(action)} lacks the markers ${open} … ${close}`);
  return `${page.slice(0, start + open.length)}\n${renderTables(readManifest(repoRoot, action))}\n${page.slice(end)}`;
}

if (process.argv[1]?.endsWith('action-docs.ts')) {
  const root = process.cwd();
  for (const action of ACTIONS) {
    const path = join(root, actionPage(action));
    writeFileSync(path, regenerate(readFileSync(path, 'utf8'), root, action));
  }
  console.log(`${ACTIONS.map(actionPage).join(', ')}: action tables regenerated from */action.yml`);
}
