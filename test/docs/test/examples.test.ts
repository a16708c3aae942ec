// Every example of the manual works as written: workflows pass GitHub's parser and our workflow
// rules, config snippets pass the config validation, and `acme-portal` lines parse with the CLI's
// own flag parser. A block marked `partial` (a fragment, or a mistake on purpose) is not checked.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '@portal-actions/core';
import { ACTION_INPUT_NAMING } from '@portal-actions/runner';
import { COMMANDS } from '../../../packages/cli/src/commands/index.js';
import { flagSpecs } from '../../../packages/cli/src/flags/flag-specs.js';
import { parseArgv } from '../../../packages/cli/src/flags/parse-argv.js';
import { ACTION_MANIFESTS } from '../../../packages/cli/src/generated/action-manifests.js';
import { readActionManifest, type ActionManifest } from '../../workflows/action-manifest.js';
import { checkWorkflow, type RuleName } from '../../workflows/workflow-rules.js';
import { entry, readWorkflow, stringValue } from '../../workflows/workflow-source.js';
import { codeBlocks, manualPages, prose, repositoryRoot, type CodeBlock } from '../markdown.js';
import {
  commandLines,
  inlineCommandLines,
  readYaml,
  shellWords,
  stepsAsWorkflow,
  variablesIn,
  withTrigger,
  yamlKind,
} from '../snippets.js';

/** Subcommands that other branches bring (`acme-portal init`): not parsed until they land. */
/**
 * The workflow rules that hold for an example as for a real workflow. Left out: a header comment
 * and documented secrets (an example is explained by the page around it), one writer per
 * environment (an example shows one job, not the whole set of templates).
 */
const SNIPPET_RULES = new Set<RuleName>([
  'parser',
  'action-inputs',
  'action-outputs',
  'run-injection',
  'permissions',
  'pinned-actions',
  'workflow-run-chain',
]);

const blocks = manualPages().flatMap(codeBlocks);
const where = (block: CodeBlock) => `${block.file}:${block.line}`;
const yamlBlocks = blocks.filter(
  (block) => ['yaml', 'yml'].includes(block.language) && !block.markers.includes('partial'),
);
const ofKind = (kind: string) =>
  yamlBlocks.filter((block) => yamlKind(readYaml(block).value, block.markers) === kind).map(where);

let manifests: Map<string, ActionManifest>;
let templateNames: Set<string>;

beforeAll(async () => {
  manifests = new Map();
  for (const name of ['find-flows', 'deploy', 'promote', 'cleanup']) {
    manifests.set(
      name,
      readActionManifest(name, await readFile(join(repositoryRoot, name, 'action.yml'), 'utf8')),
    );
  }
  templateNames = new Set();
  for (const file of await readdir(join(repositoryRoot, 'action-templates'))) {
    if (!file.endsWith('.yml') || file === 'acme-portal.yml') continue;
    const workflow = await readWorkflow(
      file,
      await readFile(join(repositoryRoot, 'action-templates', file), 'utf8'),
    );
    templateNames.add(stringValue(entry(workflow.root, 'name')) ?? '');
  }
});

async function workflowFindings(block: CodeBlock): Promise<string[]> {
  const { value } = readYaml(block);
  const text =
    yamlKind(value, block.markers) === 'steps'
      ? stepsAsWorkflow(block.body)
      : withTrigger(block.body, value as Record<string, unknown>);
  const workflow = await readWorkflow(where(block), text);
  return checkWorkflow(workflow, { manifests, siblingNames: templateNames, kind: 'repository' })
    .filter((finding) => SNIPPET_RULES.has(finding.rule))
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

function configProblem(block: CodeBlock): string | null {
  const environ = Object.fromEntries(
    variablesIn(block.body).map((name) => [name, 'https://prefect.example/api']),
  );
  try {
    parseConfig(block.body, where(block), environ);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A shell variable in an example stands for a value the flag accepts: a commit SHA fits them all. */
const SHELL_VARIABLE = /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g;
const STAND_IN = '0123456789abcdef0123456789abcdef01234567';

function commandProblem(words: string[]): string | null {
  const [name = '', ...args] = words.map((word) => word.replace(SHELL_VARIABLE, STAND_IN));
  if (['--help', '-h', '--version', 'help'].includes(name)) {
    return null;
  }
  const command = COMMANDS.find((each) => each.name === name);
  const manifest = command?.manifest ?? ACTION_MANIFESTS[name];
  if (command === undefined || manifest === undefined) return `acme-portal has no command "${name}"`;
  try {
    const { raw, common } = parseArgv(name, args, manifest, flagSpecs(manifest, command.aliases));
    if (!common.help) command.parse(raw, ACTION_INPUT_NAMING);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('the YAML examples of the manual', () => {
  it('are found, and each is read as what it is', () => {
    expect(ofKind('workflow').length + ofKind('steps').length).toBeGreaterThanOrEqual(10);
    expect(ofKind('config').length).toBeGreaterThanOrEqual(5);
    expect(ofKind('other')).toEqual(expect.arrayContaining([expect.stringMatching(/^docs\/cli\.md:/)]));
  });

  it.each(yamlBlocks.map((block) => [where(block), block] as const))('%s is valid YAML', (_, block) => {
    expect(readYaml(block).error).toBeNull();
  });

  it.each(
    yamlBlocks
      .filter((block) => ['workflow', 'steps'].includes(yamlKind(readYaml(block).value, block.markers)))
      .map((block) => [where(block), block] as const),
  )("%s: the workflow passes GitHub's parser and our rules", async (_, block) => {
    expect(await workflowFindings(block)).toEqual([]);
  });

  it.each(
    yamlBlocks
      .filter((block) => yamlKind(readYaml(block).value, block.markers) === 'config')
      .map((block) => [where(block), block] as const),
  )('%s: the config passes validation', (_, block) => {
    expect(configProblem(block)).toBeNull();
  });

  it('a block marked `partial` is left alone: the wrong config shown on purpose would fail', () => {
    const partial = blocks.filter((block) => block.markers.includes('partial'));
    expect(partial.map(where)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^docs\/troubleshooting\.md:/)]),
    );
    expect(yamlBlocks).not.toEqual(expect.arrayContaining(partial));
    const wrong = partial.find((block) => block.file === 'docs/troubleshooting.md')!;
    expect(configProblem(wrong)).toMatch(/work_pol/);
  });

  it('a wrong workflow and a wrong config are caught', async () => {
    const block = (body: string): CodeBlock => ({
      file: 'x.md',
      line: 1,
      language: 'yaml',
      markers: [],
      body,
    });
    expect(
      await workflowFindings(block('- uses: acme/portal-actions/deploy@v1\n  with:\n    envv: dev\n')),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^action-inputs: .*'envv' is not an input/)]));
    expect(configProblem(block('defaults:\n  work_pol: x\n'))).toMatch(/work_pol/);
    expect(yamlKind(readYaml(block('deployments:\n  - name: x\n')).value, [])).toBe('other');
  });
});

describe('the command lines of the manual', () => {
  const lines = blocks.flatMap((block) => commandLines(block).map((line) => ({ block, line })));

  it('are found in shell, YAML and Groovy blocks', () => {
    const languages = new Set(lines.map(({ block }) => block.language));
    expect([...languages].sort()).toEqual(expect.arrayContaining(['groovy', 'sh', 'yaml']));
  });

  it.each(
    lines.map(
      ({ block, line }) => [`${where(block)}: acme-portal ${line.words.join(' ')}`, line.words] as const,
    ),
  )('%s parses', (_, words) => {
    expect(commandProblem([...words])).toBeNull();
  });

  const inline = manualPages().flatMap((page) =>
    inlineCommandLines(prose(page.text, true)).map(
      (line) => [`${page.file}: \`acme-portal ${line.text.slice(12)}\``, line.words] as const,
    ),
  );

  it('are found inline in the prose too', () => {
    expect(inline.length).toBeGreaterThanOrEqual(3);
  });

  it.each(inline)('%s parses', (_, words) => {
    expect(commandProblem([...words])).toBeNull();
  });

  it('a wrong flag is caught, and a command is cut where the shell would cut it', () => {
    expect(commandProblem(['deploy', '--env', 'dev', '--dryrun'])).toMatch(/Unknown flag --dryrun/);
    expect(commandProblem(['deploi'])).toMatch(/no command "deploi"/);
    expect(shellWords(`deploy --env dev --branch "$X Y" --json | jq .`)).toEqual([
      'deploy',
      '--env',
      'dev',
      '--branch',
      '$X Y',
      '--json',
    ]);
  });
});
