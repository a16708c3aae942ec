// The find-flows action's work, runner-independent: scan, select, and optionally join each
// flow with its deployments per environment (the portal view).
import {
  environmentOrder,
  type PrefectClientOptions,
  PrefectDeploymentFinder,
  selectFlows,
  type DeploymentDetails,
  type Flow,
  type Progress,
  type ScanWarning,
} from '@portal-actions/core';
import {
  findRepositoryFlows,
  loadPortalConfig,
  connectionFromInputs,
  openPrefectClient,
  type GitHubRun,
} from '@portal-actions/runner';
import type { FindFlowsInputs } from './inputs.js';

/** A flow with, per environment, the deployment of it found there (the portal view). */
export type FlowWithDeployments = Flow & { deployments?: Record<string, DeploymentDetails[]> };

export interface FindFlowsRun {
  flows: FlowWithDeployments[];
  warnings: ScanWarning[];
  root: string;
  /** Environments in the portal table's column order; null without `with-deployments`. */
  environments: string[] | null;
  filesSeen: number;
}

export async function runFindFlows(
  inputs: FindFlowsInputs,
  github: GitHubRun,
  env: NodeJS.ProcessEnv,
  progress: Progress,
  /** Client settings for tests and benchmarks (fast retries, say); users never set them. */
  clientOptions: Partial<PrefectClientOptions> = {},
): Promise<FindFlowsRun> {
  const repoRoot = github.workspace;
  const { config, projectRoot } = await loadPortalConfig(inputs.config, repoRoot, env);
  const scan = await findRepositoryFlows({
    repoRoot,
    projectRoot,
    rootInput: inputs.root,
    config,
    exclude: inputs.exclude,
    progress,
  });
  const flows: FlowWithDeployments[] = selectFlows(scan.flows, inputs.flows, { includeNested: true });
  let environments: string[] | null = null;
  if (inputs['with-deployments']) {
    const connection = connectionFromInputs(inputs, env);
    const project = inputs['project-name'] || config.project || github.repository.split('/')[1] || '';
    const client = openPrefectClient(connection, progress, clientOptions);
    try {
      const found = await new PrefectDeploymentFinder(client).findDeployments({
        project,
        ...(inputs.branch ? { branch: inputs.branch } : {}),
      });
      progress.info(`Found ${found.length} deployments of project ${project} in Prefect.`);
      const configured = environmentOrder(config);
      const seen = [...new Set(found.map((deployment) => deployment.env))];
      environments = [...configured, ...seen.filter((name) => !configured.includes(name)).sort()];
      for (const flow of flows) {
        const mine = found.filter((deployment) => deployment.flow_name === flow.name);
        flow.deployments = Object.fromEntries(
          environments.map((name) => [name, mine.filter((deployment) => deployment.env === name)]),
        );
      }
    } finally {
      await client.close();
    }
  }
  return { flows, warnings: scan.warnings, root: scan.root, environments, filesSeen: scan.stats.filesSeen };
}
