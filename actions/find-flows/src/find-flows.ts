// The find-flows action's work, runner-independent: scan, select, and optionally join each
// flow with its deployments per environment (the portal view).
import {
  environmentOrder,
  type PrefectClientOptions,
  findAcrossServers,
  type UnreachableServer,
  selectFlows,
  type DeploymentDetails,
  type Flow,
  type Progress,
  type ScanWarning,
} from '@portal-actions/core';
import {
  findRepositoryFlows,
  loadPortalConfig,
  openEnvironmentServers,
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
  /** Servers that could not be listed: their environments' columns are empty. */
  unreachable: UnreachableServer[];
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
  let unreachable: UnreachableServer[] = [];
  if (inputs['with-deployments']) {
    const project = inputs['project-name'] || config.project || github.repository.split('/')[1] || '';
    const open = openEnvironmentServers(inputs, config, env, progress, clientOptions);
    try {
      const across = await findAcrossServers(open.servers, {
        project,
        ...(inputs.branch ? { branch: inputs.branch } : {}),
      });
      const found = across.deployments;
      unreachable = across.unreachable;
      for (const server of unreachable) {
        progress.warning(
          `Could not list the deployments of ${server.environments.length > 0 ? `environment${server.environments.length > 1 ? 's' : ''} ${server.environments.join(', ')}` : 'the other environments'} at ${server.label}; ${server.environments.length > 0 ? 'their column is' : 'those columns are'} left empty: ${server.error}`,
        );
      }
      progress.info(
        `Found ${found.length} deployments of project ${project} on ${open.servers.length} Prefect server${open.servers.length > 1 ? 's' : ''}.`,
      );
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
      await open.close();
    }
  }
  return {
    flows,
    warnings: scan.warnings,
    root: scan.root,
    environments,
    filesSeen: scan.stats.filesSeen,
    unreachable,
  };
}
