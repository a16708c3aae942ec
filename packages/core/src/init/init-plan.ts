// `acme-portal init [--from file ...]`: the files it would write (config or configs, workflow
// templates, the migration report), each compared with what is there, and the next steps.
// Nothing is written here; writeInitPlan writes what the plan says may be written.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readPackageVersion } from '../context/package-version.js';
import { ConfigurationError } from '../errors/portal-error.js';
import { PrefectFlowFinder } from '../scanner/prefect-flow-finder.js';
import { configYaml, WORK_POOL_PLACEHOLDER } from '../migrate/config-yaml.js';
import { readImportSources } from '../migrate/import-sources.js';
import { importPrefectYaml } from '../migrate/import-prefect-yaml.js';
import { importSdkConfig } from '../migrate/import-sdk-config.js';
import { migrationReport } from '../migrate/migration-report.js';
import { freshConfig } from './fresh-config.js';
import {
  dockerfileWorkdir,
  existingWorkflows,
  lastWorkdir,
  pyprojectName,
  repositoryShortName,
} from './repository-facts.js';
import {
  existingWorkflowFor,
  fitDockerfile,
  fitTemplate,
  WORKFLOW_TEMPLATES,
  type WorkflowName,
} from './workflow-templates.js';

export const DEFAULT_ENVIRONMENTS = ['dev', 'prod'] as const;
export const MIGRATION_REPORT_FILE = 'acme-portal-migration.md';

export interface InitRequest {
  repoRoot: string;
  /** `owner/name`. */
  repository: string;
  /** prefect.yaml files, globs, or the SDK's static config; empty for a fresh start. */
  from: readonly string[];
  /** `--envs`, in promotion order; null for the default (or what the old deployments name). */
  environments: readonly string[] | null;
  workPool: string | null;
  workflows: readonly WorkflowName[];
  /** The templates the CLI carries, by file name as in action-templates/ (`deploy.yml`, `Dockerfile`). */
  templates: Readonly<Record<string, string>>;
  force: boolean;
  /** The branch the report names new deployments under. */
  branch: string;
  /** The work pools on the server, when a connection was given. */
  serverWorkPools: (() => Promise<string[]>) | null;
  /** How the command was written, for the report. */
  command: string;
}

export type FileStatus = 'create' | 'overwrite' | 'unchanged' | 'exists';

export interface PlannedFile {
  /** Relative to the repository root. */
  path: string;
  text: string;
  status: FileStatus;
  /** One line on what it holds. */
  summary: string;
}

export interface InitPlan {
  files: PlannedFile[];
  /** The migration report (Markdown), for an import. */
  report: string | null;
  nextSteps: string[];
  /** How the work pool was chosen. */
  workPoolNote: string;
}

async function currentText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

async function planned(
  repoRoot: string,
  path: string,
  text: string,
  summary: string,
  force: boolean,
): Promise<PlannedFile> {
  const current = await currentText(join(repoRoot, path));
  const status: FileStatus =
    current === null ? 'create' : current === text ? 'unchanged' : force ? 'overwrite' : 'exists';
  return { path, text, status, summary };
}

async function chooseWorkPool(request: InitRequest): Promise<{ pool: string | null; note: string }> {
  if (request.workPool)
    return { pool: request.workPool, note: `work pool ${request.workPool} (--work-pool)` };
  if (!request.serverWorkPools)
    return {
      pool: null,
      note: `no --work-pool and no server to ask: the config names the placeholder "${WORK_POOL_PLACEHOLDER}"`,
    };
  const pools = (await request.serverWorkPools()).filter((name) => !name.startsWith('prefect'));
  if (pools.length === 1)
    return { pool: pools[0]!, note: `work pool ${pools[0]}, the only one on the server` };
  return {
    pool: null,
    note: `the server has ${pools.length === 0 ? 'no work pool' : `${pools.length} work pools (${pools.join(', ')})`}: the config names the placeholder "${WORK_POOL_PLACEHOLDER}"; pass --work-pool`,
  };
}

function mentionsWorkPool(config: Record<string, unknown>): boolean {
  return JSON.stringify(config).includes('"work_pool"');
}

/** `defaults.work_pool` placed after `flows`, keeping the reference's key order. */
function withDefaultPool(config: Record<string, unknown>, pool: string): Record<string, unknown> {
  const { project, flows, defaults, ...rest } = config;
  const { work_pool: _replaced, ...others } = (defaults as Record<string, unknown> | undefined) ?? {};
  return { project, flows, defaults: { work_pool: pool, ...others }, ...rest };
}

const HEADER_FRESH = [
  ".acme-portal.yml: how acme/portal-actions deploys this repository's Prefect flows.",
  'Written by `acme-portal init`; every key is described in the acme/portal-actions docs ("The config file").',
];

export async function planInit(request: InitRequest): Promise<InitPlan> {
  const root = request.repoRoot;
  const repositoryName = repositoryShortName(request.repository, root);
  const { pool, note } = await chooseWorkPool(request);
  const scan = await new PrefectFlowFinder().findFlows({ root, repoRoot: root, exclude: [] });
  const files: PlannedFile[] = [];
  let report: string | null = null;
  let environments: string[] = [...(request.environments ?? DEFAULT_ENVIRONMENTS)];
  const configPaths: string[] = [];
  const cleanup: string[] = [];
  let placeholderPool = false;

  if (request.from.length === 0) {
    const dockerfile = await dockerfileWorkdir(root);
    const copiesDockerfile =
      dockerfile === null &&
      request.workflows.includes('container') &&
      request.templates.Dockerfile !== undefined;
    const project = (await pyprojectName(root)) ?? repositoryName;
    const ourDockerfile = copiesDockerfile ? fitDockerfile(request.templates.Dockerfile!, project) : null;
    const workdir = dockerfile ?? (ourDockerfile ? lastWorkdir(ourDockerfile) : null);
    const config = freshConfig({
      project,
      flows: scan.flows,
      workPool: pool,
      workingDirectory: workdir,
      environments,
    });
    files.push(
      await planned(
        root,
        '.acme-portal.yml',
        configYaml(config, HEADER_FRESH),
        `project ${String(config.project)}, ${scan.flows.length} flow${scan.flows.length === 1 ? '' : 's'} under ${(config.flows as { root: string }).root}, environments ${environments.join(' → ')}, ${note}`,
        request.force,
      ),
    );
    configPaths.push('.acme-portal.yml');
    placeholderPool = pool === null;
    if (ourDockerfile)
      files.push(
        await planned(
          root,
          'Dockerfile',
          ourDockerfile,
          `the image the flows run in (container.yml builds it), WORKDIR ${workdir}`,
          request.force,
        ),
      );
  } else {
    const sources = await readImportSources(root, request.from);
    const sdk = sources.filter((source) => source.kind === 'acme-portal-sdk');
    if (sdk.length > 0 && sdk.length !== sources.length) {
      throw new ConfigurationError(
        `--from names both prefect.yaml files and acme-portal-sdk's static config (${sdk.map((each) => each.path).join(', ')}).`,
        {
          hint: 'Import one kind at a time: the SDK config alone, or the prefect.yaml files.',
        },
      );
    }
    if (sdk.length > 1)
      throw new ConfigurationError('--from names several acme-portal-sdk static configs.', {
        hint: 'Import one; the SDK keeps one per repository.',
      });
    const header = (sourcesRead: string) => [
      ".acme-portal.yml: how acme/portal-actions deploys this project's Prefect flows.",
      `Imported by \`acme-portal init --from\` from ${sourcesRead}; see ${MIGRATION_REPORT_FILE} for what carried over.`,
    ];
    if (sdk.length === 1) {
      const source = sdk[0]!;
      const project = (await pyprojectName(root)) ?? repositoryName;
      const imported = importSdkConfig({
        path: source.path,
        text: source.text,
        flows: scan.flows,
        project,
        environments,
        branch: request.branch,
      });
      // The SDK's own default pool stands unless --work-pool names another.
      const config = request.workPool ? withDefaultPool(imported.config, request.workPool) : imported.config;
      files.push(
        await planned(
          root,
          '.acme-portal.yml',
          configYaml(config, header(source.path)),
          `project ${project}, ${imported.flowLines.length} flows, environments ${environments.join(' → ')}`,
          request.force,
        ),
      );
      configPaths.push('.acme-portal.yml');
      report = sdkReport(request, source.path, project, imported);
    } else {
      const imported = await importPrefectYaml({
        repoRoot: root,
        sources,
        flows: scan.flows,
        environments,
        requestedEnvironments: request.environments,
        branch: request.branch,
        repositoryName,
      });
      if (imported.projects.length === 0) {
        throw new ConfigurationError(
          `No deployment of ${sources.map((each) => each.path).join(', ')} names a flow found in the repository; nothing was written.`,
          {
            hint:
              imported.unmatched.length > 0
                ? `First unmatched: ${imported.unmatched[0]!.where} ${imported.unmatched[0]!.entrypoint}${imported.unmatched[0]!.closest.length > 0 ? ` (closest: ${imported.unmatched[0]!.closest.join(', ')})` : ''}.`
                : 'Check the files list deployments with entrypoints.',
          },
        );
      }
      environments = imported.projects[0]!.result.environments;
      for (const project of imported.projects) {
        let config = project.result.config;
        if (!mentionsWorkPool(config)) {
          config = withDefaultPool(config, pool ?? WORK_POOL_PLACEHOLDER);
          placeholderPool ||= pool === null;
        }
        const read = sources
          .filter((source) => project.folder === '' || source.path.startsWith(`${project.folder}/`))
          .map((source) => source.path)
          .join(', ');
        files.push(
          await planned(
            root,
            project.configPath,
            configYaml(config, header(read)),
            `project ${String(config.project)}, ${project.result.flows.length} flows, environments ${project.result.environments.join(' → ')}`,
            request.force,
          ),
        );
        configPaths.push(project.configPath);
      }
      report = migrationReport({
        command: request.command,
        sources: sources.map((each) => each.path),
        branch: request.branch,
        projects: imported.projects.map((each) => ({ configPath: each.configPath, result: each.result })),
        unmatched: imported.unmatched,
        notes: imported.notes,
        oldDeployments: imported.oldDeployments,
      });
      cleanup.push(...imported.oldDeployments.map((each) => each.reference));
    }
    files.push(
      await planned(
        root,
        MIGRATION_REPORT_FILE,
        report,
        'the migration report: old deployments, new names, what carried over and what did not',
        request.force,
      ),
    );
  }

  const workflows = await existingWorkflows(root);
  const testWorkflow = existingWorkflowFor('test', workflows);
  const containerWorkflow = existingWorkflowFor('container', workflows);
  const fit = {
    testWorkflow: testWorkflow?.name ?? null,
    containerWorkflow: containerWorkflow?.name ?? null,
    environments,
  };
  for (const name of request.workflows) {
    if (name === 'test' && testWorkflow) continue;
    if (name === 'container' && containerWorkflow) continue;
    const file = WORKFLOW_TEMPLATES[name];
    const template = request.templates[file];
    if (template === undefined) throw new Error(`The CLI carries no template ${file}.`);
    const adjusted = [
      name === 'container' && fit.testWorkflow ? `waits for "${fit.testWorkflow}"` : '',
      name === 'deploy' && fit.containerWorkflow ? `waits for "${fit.containerWorkflow}"` : '',
    ].filter(Boolean);
    files.push(
      await planned(
        root,
        `.github/workflows/${file}`,
        fitTemplate(name, template, fit),
        `the ${name} workflow${adjusted.length > 0 ? ` (${adjusted.join(', ')})` : ''}`,
        request.force,
      ),
    );
  }

  const versioned = await Promise.all(
    configPaths.map((path) => readPackageVersion(join(root, dirname(path))).catch(() => null)),
  );
  const unversioned = configPaths.filter((_, index) => versioned[index] === null);
  return {
    files,
    report,
    nextSteps: nextSteps(request, environments, configPaths, placeholderPool, cleanup, unversioned, {
      testWorkflow,
      containerWorkflow,
    }),
    workPoolNote: note,
  };
}

function nextSteps(
  request: InitRequest,
  environments: readonly string[],
  configPaths: readonly string[],
  placeholderPool: boolean,
  cleanup: readonly string[],
  unversioned: readonly string[],
  existing: {
    testWorkflow: { file: string; name: string } | null;
    containerWorkflow: { file: string; name: string } | null;
  },
): string[] {
  const steps: string[] = [];
  if (placeholderPool && !request.from.length)
    steps.push(
      `Set \`defaults.work_pool\` in .acme-portal.yml to your Prefect work pool (it reads "${WORK_POOL_PLACEHOLDER}"), or pass --work-pool to init.`,
    );
  else if (placeholderPool)
    steps.push(`Where the config reads "${WORK_POOL_PLACEHOLDER}", name your Prefect work pool.`);
  steps.push(
    'Add the repository secrets (Settings → Secrets and variables → Actions): `PREFECT_API_URL`, and `PREFECT_API_KEY` (Prefect Cloud) or `PREFECT_API_AUTH_STRING` (self-hosted basic auth; swap the commented line in deploy.yml and promote.yml).',
  );
  steps.push(
    `Create the GitHub environments ${environments.map((env) => `\`${env}\``).join(', ')} (Settings → Environments); give \`${environments.at(-1)}\` required reviewers so promotions wait for an approval.`,
  );
  if (existing.containerWorkflow)
    steps.push(
      `deploy.yml waits for your "${existing.containerWorkflow.name}" workflow (${existing.containerWorkflow.file}) and names the image ghcr.io/<owner>/<repo>:<commit sha>; edit its "Name the image" step if yours is named otherwise.`,
    );
  for (const path of unversioned)
    steps.push(
      `${dirname(path) === '.' ? 'The repository' : dirname(path)} states no static package version (pyproject.toml or setup.cfg), which deploy tags each deployment with: add one, or pass \`--package-version\` (the \`package-version\` input in deploy.yml).`,
    );
  const first = environments[0] ?? 'dev';
  for (const path of configPaths)
    steps.push(
      `Try it: \`acme-portal deploy --env ${first} --dry-run${path === '.acme-portal.yml' ? '' : ` --config ${path}`}\`.`,
    );
  if (request.from.length > 0)
    steps.push(`Read ${MIGRATION_REPORT_FILE}: what carried over, what did not, and why.`);
  if (cleanup.length > 0)
    steps.push(
      `Once the new deployments run, remove the old ones (plan first with --dry-run): \`acme-portal cleanup --deployments '${cleanup.join(',')}'\`.`,
    );
  return steps;
}

function sdkReport(
  request: InitRequest,
  path: string,
  project: string,
  imported: ReturnType<typeof importSdkConfig>,
): string {
  return [
    '# Migration report',
    '',
    `Written by \`${request.command}\` from \`${path}\` (acme-portal-sdk's static config) into \`.acme-portal.yml\`: project \`${project}\`, environments ${(request.environments ?? DEFAULT_ENVIRONMENTS).join(' → ')}.`,
    '',
    "The SDK's defaults are written out under `defaults` (work pool `ecs-pool` unless every flow names another, concurrency limit 1, not paused), so the deployments do not change.",
    '',
    `## Flows (branch \`${request.branch}\`)`,
    '',
    ...imported.flowLines,
    '',
    ...(imported.unknownFlows.length > 0
      ? ['## Flows not in the repository', '', ...imported.unknownFlows.map((line) => `- ${line}`), '']
      : []),
    ...(imported.triggers.length > 0
      ? [
          '## Triggers',
          '',
          `Copied as written under each flow's \`triggers:\`: ${imported.triggers.map((flow) => `\`${flow}\``).join(', ')}. They need a version of these actions that deploys triggers; an older one refuses the key.`,
          '',
        ]
      : []),
    '## Removing the old deployments',
    '',
    `Nothing to remove: the SDK named deployments \`{project}--{branch}--{flow}--{env}\` as these actions do, so the first deploy updates them in place (keep the project name the SDK was given, \`-project-name\`; here \`${project}\`). Their schedules are replaced once by slugged ones, then patched in place.`,
    '',
  ].join('\n');
}

/** Writes the files the plan creates or overwrites; leaves `unchanged` and `exists` alone. */
export async function writeInitPlan(repoRoot: string, plan: InitPlan): Promise<PlannedFile[]> {
  const written: PlannedFile[] = [];
  for (const file of plan.files) {
    if (file.status !== 'create' && file.status !== 'overwrite') continue;
    const path = join(repoRoot, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text);
    written.push(file);
  }
  return written;
}
