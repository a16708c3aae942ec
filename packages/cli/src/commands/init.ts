// `acme-portal init [--from prefect.yaml|sdk config ...]`: writes `.acme-portal.yml` (or one per
// project folder) and the workflow templates for the repository, or prints them with --dry-run.
// The work is core's (init/, migrate/); this turns flags into its request and prints its plan.
import {
  DEFAULT_ENVIRONMENTS,
  DEFAULT_WORKFLOWS,
  parseWorkflowNames,
  planInit,
  writeInitPlan,
  type InitPlan,
  type PlannedFile,
} from '@portal-actions/core';
import {
  connectionFromInputs,
  openPrefectClient,
  parseInitInputs,
  type InitInputs,
} from '@portal-actions/runner';
import type { ActionManifest } from '../action-manifest.js';
import { ACTION_TEMPLATES } from '../generated/action-templates.js';
import { actionCommand } from './action-command.js';

const input = (
  name: string,
  description: string,
  extra: { default?: string; repeatable?: boolean } = {},
) => ({
  name,
  description,
  default: extra.default ?? '',
  required: false,
  githubOnly: false,
  ...(extra.repeatable ? { repeatable: true } : {}),
});

export const INIT_MANIFEST: ActionManifest = {
  title: 'Portal: set up a repository',
  description:
    "Sets up a repository: writes `.acme-portal.yml` and the workflow templates, or imports them from prefect.yaml files or acme-portal-sdk's static config (`--from`, with a migration report). Never overwrites a file without `--force`; prints the next steps. Manual: https://github.com/acme/portal-actions/blob/main/docs/migrating.md",
  inputs: [
    input(
      'from',
      "A prefect.yaml to import (repeat the flag, or give a glob such as `pipelines/*/prefect.yaml`), or acme-portal-sdk's `.acme_portal_sdk/static_flow_deploy_config.yaml`. Default: start fresh.",
      { repeatable: true },
    ),
    input(
      'envs',
      'Environments in promotion order, commas between (`dev,tst,prod`). Default `dev,prod`, or what the imported deployment names say.',
    ),
    input(
      'work-pool',
      'Work pool for `defaults.work_pool`. Default: the only pool on the server when a connection is given, else a placeholder.',
    ),
    input(
      'workflows',
      'Workflow templates to copy into .github/workflows: test, container, deploy, promote, plan, preview, cleanup, drift.',
      {
        default: DEFAULT_WORKFLOWS.join(','),
      },
    ),
    input('branch', 'Branch the migration report names the new deployments under.', { default: 'main' }),
    input('force', 'When `true`, overwrites files that exist and differ.', { default: 'false' }),
    input('dry-run', 'When `true`, prints every file it would write and what it holds, and writes nothing.', {
      default: 'false',
    }),
    input(
      'prefect-api-url',
      'Prefect API URL, to pick the work pool when the server has exactly one; falls back to `PREFECT_API_URL`.',
    ),
    input('prefect-api-key', 'Prefect Cloud API key; falls back to `PREFECT_API_KEY`. Masked.'),
    input(
      'prefect-auth-string',
      'Self-hosted basic-auth string `user:password`; falls back to `PREFECT_API_AUTH_STRING`. Masked.',
    ),
    input(
      'prefect-custom-headers',
      'JSON object of extra HTTP headers sent to Prefect (for a proxy in front of it).',
    ),
  ],
  outputs: [
    {
      name: 'files',
      description:
        'JSON array, one object per file: `path`, `status` (create, overwrite, unchanged, exists), `summary`.',
    },
    { name: 'written', description: 'Number of files written (0 in a dry run).' },
    { name: 'next-steps', description: 'JSON array of the next steps, as printed.' },
  ],
};

const STATUS_TEXT: Record<PlannedFile['status'], (dryRun: boolean) => string> = {
  create: (dryRun) => (dryRun ? 'would create' : 'created'),
  overwrite: (dryRun) => (dryRun ? 'would overwrite (--force)' : 'overwritten (--force)'),
  unchanged: () => 'unchanged',
  exists: () => 'kept: exists and differs (--force to overwrite)',
};

function summaryOf(plan: InitPlan, dryRun: boolean): string {
  const lines = [
    `## acme-portal init${dryRun ? ' (dry run: nothing written)' : ''}`,
    '',
    '| file | status | what it holds |',
    '| --- | --- | --- |',
    ...plan.files.map(
      (file) =>
        `| ${file.path} | ${STATUS_TEXT[file.status](dryRun)} | ${file.summary.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ];
  if (dryRun) {
    for (const file of plan.files.filter((each) => each.status === 'create' || each.status === 'overwrite')) {
      if (file.path.endsWith('.md')) continue;
      lines.push(`### ${file.path}`, '', '```', file.text.trimEnd(), '```', '');
    }
  }
  if (plan.report) lines.push(plan.report.replace(/^# /, '### ').replace(/^## /gm, '#### '), '');
  lines.push('### Next steps', '', ...plan.nextSteps.map((step, index) => `${index + 1}. ${step}`), '');
  return lines.join('\n');
}

export const initCommand = actionCommand<InitInputs>({
  name: 'init',
  manifest: INIT_MANIFEST,
  facts: { branch: false, commit: false },
  aliases: {},
  parse: parseInitInputs,
  async run(inputs, { github, env, progress }) {
    const workflows = parseWorkflowNames(inputs.workflows);
    const connectionGiven = Boolean(inputs['prefect-api-url'] || env.PREFECT_API_URL);
    const serverWorkPools = connectionGiven
      ? async () => {
          const client = openPrefectClient(connectionFromInputs(inputs, env), progress);
          try {
            return (await client.listWorkPools()).map((pool) => pool.name);
          } finally {
            await client.close();
          }
        }
      : null;
    const plan = await planInit({
      repoRoot: github.workspace,
      repository: github.repository,
      from: inputs.from,
      environments:
        inputs.envs.length > 0 ? inputs.envs : inputs.from.length > 0 ? null : [...DEFAULT_ENVIRONMENTS],
      workPool: inputs['work-pool'] || null,
      workflows,
      templates: ACTION_TEMPLATES,
      force: inputs.force,
      branch: inputs.branch,
      serverWorkPools,
      command: ['acme-portal init', ...inputs.from.map((each) => `--from ${each}`)].join(' '),
    });
    const written = inputs['dry-run'] ? [] : await writeInitPlan(github.workspace, plan);
    return {
      summary: summaryOf(plan, inputs['dry-run']),
      outputs: {
        files: plan.files.map(({ path, status, summary }) => ({ path, status, summary })),
        written: written.length,
        'next-steps': plan.nextSteps,
      },
      failed: 0,
      dryRun: inputs['dry-run'],
    };
  },
});
