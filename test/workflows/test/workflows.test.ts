// Validates the copy-in templates (action-templates/*.yml) and this repository's workflows
// (.github/workflows/*.yml) with GitHub's own parser and our rules, and proves each rule can fail.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readActionManifest, type ActionManifest } from '../action-manifest.js';
import {
  checkWorkflow,
  ourActionPath,
  type Finding,
  type RuleContext,
  type RuleName,
} from '../workflow-rules.js';
import { entry, readWorkflow, stepsOf, stringValue, type WorkflowSource } from '../workflow-source.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ACTIONS = ['find-flows', 'deploy', 'promote', 'cleanup'];
const CONFIG_TEMPLATE = 'acme-portal.yml';

interface Folder {
  kind: RuleContext['kind'];
  workflows: WorkflowSource[];
  names: Set<string>;
}

async function readFolder(folder: string, kind: RuleContext['kind']): Promise<Folder> {
  // acme-portal.yml is the config-file template, not a workflow (config-template.test.ts checks it).
  const files = (await readdir(join(repositoryRoot, folder)))
    .filter((name) => name.endsWith('.yml') && name !== CONFIG_TEMPLATE)
    .sort();
  const workflows = await Promise.all(
    files.map(async (name) =>
      readWorkflow(`${folder}/${name}`, await readFile(join(repositoryRoot, folder, name), 'utf8')),
    ),
  );
  const names = new Set(workflows.map((workflow) => stringValue(entry(workflow.root, 'name')) ?? ''));
  return { kind, workflows, names };
}

let manifests: Map<string, ActionManifest>;
let templates: Folder;
let repositoryWorkflows: Folder;

beforeAll(async () => {
  manifests = new Map();
  for (const name of ACTIONS) {
    const text = await readFile(join(repositoryRoot, name, 'action.yml'), 'utf8');
    manifests.set(name, readActionManifest(name, text));
  }
  templates = await readFolder('action-templates', 'template');
  repositoryWorkflows = await readFolder('.github/workflows', 'repository');
});

function contextFor(folder: Folder): RuleContext {
  return { manifests, siblingNames: folder.names, kind: folder.kind };
}

describe('the action manifests', () => {
  test.each(ACTIONS)('%s/action.yml is valid for GitHub and runs its bundle', (name) => {
    const manifest = manifests.get(name);
    expect(manifest?.parserErrors).toEqual([]);
    expect(manifest?.runsMain).toBe(`../actions/${name}/dist/index.js`);
    expect(manifest?.inputs.length).toBeGreaterThan(0);
  });
});

describe('the workflow files', () => {
  test('the templates and workflows a user and this repository rely on are all there', () => {
    const fileNames = (folder: Folder) => folder.workflows.map((workflow) => workflow.file);
    expect(fileNames(templates)).toEqual(
      expect.arrayContaining(
        [
          'container.yml',
          'deploy.yml',
          'promote.yml',
          'test.yml',
          'plan.yml',
          'preview.yml',
          'cleanup.yml',
          'drift.yml',
        ].map((f) => `action-templates/${f}`),
      ),
    );
    expect(fileNames(repositoryWorkflows)).toEqual(
      expect.arrayContaining(['ci.yml', 'e2e.yml', 'release.yml'].map((f) => `.github/workflows/${f}`)),
    );
  });

  test('every template and workflow passes GitHub’s parser and our rules', () => {
    const findings = [templates, repositoryWorkflows].flatMap((folder) =>
      folder.workflows.flatMap((workflow) => checkWorkflow(workflow, contextFor(folder))),
    );
    expect(findings).toEqual([]);
  });

  test('templates use the published actions, this repository’s workflows the code of the commit', () => {
    const uses = (folder: Folder) =>
      folder.workflows.flatMap((workflow) =>
        stepsOf(workflow)
          .map((step) => stringValue(entry(step.token, 'uses')) ?? '')
          .filter((value) => ourActionPath(value) !== undefined),
      );
    const templateUses = uses(templates);
    const repositoryUses = uses(repositoryWorkflows);
    expect(templateUses.length).toBeGreaterThan(0);
    expect(templateUses.filter((value) => !/^acme\/portal-actions\/[\w-]+@v1$/.test(value))).toEqual([]);
    expect(repositoryUses.length).toBeGreaterThan(0);
    expect(repositoryUses.filter((value) => !value.startsWith('./'))).toEqual([]);
  });

  test('workflows install the pnpm version package.json pins', async () => {
    const packageJson = JSON.parse(await readFile(join(repositoryRoot, 'package.json'), 'utf8')) as {
      packageManager: string;
    };
    const installs = repositoryWorkflows.workflows.flatMap((workflow) =>
      [...workflow.text.matchAll(/\bpnpm@([\w.-]+)/g)].map((match) => `${workflow.file}: pnpm@${match[1]}`),
    );
    expect(installs.length).toBeGreaterThan(0);
    expect(installs.filter((install) => !install.endsWith(`: ${packageJson.packageManager}`))).toEqual([]);
  });
});

// A valid template; each case below breaks it in one way and names the rule that must catch it.
const BASELINE = `# deploy: deploys the flows to dev after the container workflow.
# Needs the secrets PREFECT_API_URL and PREFECT_API_KEY.
# Edit: the environment.
name: deploy
on:
  workflow_run:
    workflows: [container]
    types: [completed]
  workflow_dispatch:
    inputs:
      flows:
        type: string
        default: all
permissions: {}
jobs:
  deploy:
    if: github.event.workflow_run.conclusion == 'success'
    runs-on: ubuntu-latest
    permissions:
      contents: read
    environment: dev
    concurrency:
      group: portal-deploy-dev
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
      - id: deploy
        uses: acme/portal-actions/deploy@v1
        with:
          env: dev
          flows: \${{ inputs.flows }}
          prefect-api-url: \${{ secrets.PREFECT_API_URL }}
          prefect-api-key: \${{ secrets.PREFECT_API_KEY }}
      - env:
          CREATED: \${{ steps.deploy.outputs.created }}
        run: echo "$CREATED"
`;

async function findingsFor(text: string, kind: RuleContext['kind'] = 'template') {
  const workflow = await readWorkflow('in-memory.yml', text);
  return checkWorkflow(workflow, { manifests, siblingNames: new Set(['container', 'deploy']), kind });
}

function distinctRules(findings: Finding[]): RuleName[] {
  return [...new Set(findings.map((found) => found.rule))].sort();
}

interface BrokenCase {
  what: string;
  /** Text replacements applied to the baseline, each of which must match. */
  edits: [from: string, to: string][];
  rules: RuleName[];
  message?: RegExp;
}

const BROKEN: BrokenCase[] = [
  {
    what: 'a permission GitHub does not know',
    edits: [['contents: read', 'contents: bogus']],
    rules: ['parser'],
    message: /Unexpected value 'bogus'/,
  },
  { what: 'a misspelt job key', edits: [['runs-on:', 'runs_on:']], rules: ['parser'] },
  {
    what: 'YAML that does not parse',
    edits: [['    environment: dev', '   environment: [dev']],
    rules: ['parser'],
  },
  {
    what: 'an expression context GitHub refuses there',
    edits: [["conclusion == 'success'", "conclusion == 'success' && secrets.PREFECT_API_KEY != ''"]],
    rules: ['parser'],
    message: /secrets/,
  },
  {
    what: 'an input the manifest does not have',
    edits: [['          flows: ${{ inputs.flows }}', '          flow: ${{ inputs.flows }}']],
    rules: ['action-inputs'],
    message: /'flow' is not an input of deploy\/action\.yml/,
  },
  {
    what: 'a required input left out',
    edits: [['          env: dev\n', '']],
    rules: ['action-inputs'],
    message: /requires the input 'env'/,
  },
  {
    what: 'an action we do not publish',
    edits: [['acme/portal-actions/deploy@v1', 'acme/portal-actions/deplyo@v1']],
    rules: ['action-inputs'],
    message: /names no action/,
  },
  {
    what: 'an unknown input to the action by local path',
    edits: [
      [
        'acme/portal-actions/deploy@v1\n        with:\n',
        './deploy\n        with:\n          enviroment: dev\n',
      ],
    ],
    rules: ['action-inputs'],
    message: /'enviroment' is not an input/,
  },
  {
    what: 'an output the manifest does not have',
    edits: [['steps.deploy.outputs.created', 'steps.deploy.outputs.creatd']],
    rules: ['action-outputs'],
    message: /has no output 'creatd'/,
  },
  {
    what: 'a dispatch input pasted into a script',
    edits: [['run: echo "$CREATED"', 'run: echo "${{ inputs.flows }}"']],
    rules: ['run-injection'],
  },
  {
    what: 'an event field pasted into a multi-line script',
    edits: [
      [
        'run: echo "$CREATED"',
        'run: |\n          echo start\n          git checkout "${{ github.event.workflow_run.head_branch }}"',
      ],
    ],
    rules: ['run-injection'],
    message: /github\.event\.workflow_run\.head_branch/,
  },
  {
    what: 'the pull request branch pasted into a script',
    edits: [['run: echo "$CREATED"', 'run: echo ${{ github.head_ref }}']],
    rules: ['run-injection'],
  },
  {
    what: 'no header comment',
    edits: [[BASELINE.slice(0, BASELINE.indexOf('name: deploy')), '']],
    rules: ['header-comment', 'documented-secrets'],
  },
  {
    what: 'a secret the header does not mention',
    edits: [['PREFECT_API_URL and PREFECT_API_KEY', 'PREFECT_API_URL and PREFECT_API']],
    rules: ['documented-secrets'],
    message: /secrets\.PREFECT_API_KEY/,
  },
  {
    what: 'a job without permissions and none at the top',
    edits: [
      ['permissions: {}\n', ''],
      ['    permissions:\n      contents: read\n', ''],
    ],
    rules: ['permissions'],
  },
  {
    what: 'an action on a branch',
    edits: [['actions/checkout@v4', 'actions/checkout@main']],
    rules: ['pinned-actions'],
  },
  {
    what: 'a workflow_run on a workflow that does not exist',
    edits: [['workflows: [container]', 'workflows: [containers]']],
    rules: ['workflow-run-chain'],
  },
  {
    what: 'a workflow_run job that ignores the conclusion',
    edits: [["    if: github.event.workflow_run.conclusion == 'success'\n", '']],
    rules: ['workflow-run-chain'],
  },
  {
    what: 'a deploy without concurrency group',
    edits: [['    concurrency:\n      group: portal-deploy-dev\n      cancel-in-progress: false\n', '']],
    rules: ['serialised-writers'],
  },
  {
    what: 'a deploy that may be cancelled half-way',
    edits: [['cancel-in-progress: false', 'cancel-in-progress: true']],
    rules: ['serialised-writers'],
  },
  {
    what: 'a deploy outside a GitHub environment',
    edits: [['    environment: dev\n', '']],
    rules: ['serialised-writers'],
  },
];

describe('a broken workflow fails validation', () => {
  test('the unbroken baseline passes every rule', async () => {
    expect(await findingsFor(BASELINE)).toEqual([]);
  });

  test.each(BROKEN)('$what', async ({ edits, rules, message }) => {
    let broken = BASELINE;
    for (const [from, to] of edits) {
      expect(broken).toContain(from);
      broken = broken.replace(from, to);
    }
    const findings = await findingsFor(broken);
    expect(distinctRules(findings)).toEqual([...new Set(rules)].sort());
    if (message !== undefined) expect(findings.map((found) => found.message).join('\n')).toMatch(message);
  });

  test('repository workflows need not document secrets nor serialise deploys', async () => {
    const relaxed = BASELINE.replace('PREFECT_API_URL and PREFECT_API_KEY', 'nothing').replace(
      '    environment: dev\n',
      '',
    );
    expect(await findingsFor(relaxed, 'repository')).toEqual([]);
    expect(distinctRules(await findingsFor(relaxed, 'template'))).toEqual([
      'documented-secrets',
      'serialised-writers',
    ]);
  });
});
