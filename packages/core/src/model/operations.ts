// The four operations of the seed's core concepts, independent of any orchestrator, so
// another implementation (Airflow, Dagster) could sit beside the Prefect one.
import type { DeploymentDetails } from './deployment.js';
import type { FlowScanResult } from './flow.js';

export interface FlowFinderOptions {
  /** Directory scanned for flows. */
  root: string;
  /** Repository root: entrypoints and module paths are relative to it. */
  repoRoot: string;
  /** Glob patterns (relative to root) of files and folders to skip. */
  exclude: string[];
}

export interface FlowFinder {
  findFlows(options: FlowFinderOptions): Promise<FlowScanResult>;
}

export interface DeploymentQuery {
  project: string;
  branch?: string;
  env?: string;
  /** Normalised flow names; all when absent. */
  flows?: string[];
}

export interface DeploymentFinder {
  findDeployments(query: DeploymentQuery): Promise<DeploymentDetails[]>;
}

export type DeploymentStatus = 'created' | 'updated' | 'unchanged' | 'renamed' | 'deleted' | 'failed';

/** One line of a deploy or promote report. */
export interface DeploymentOutcome {
  name: string;
  flow_name: string;
  /** Present for the deployment of a config variant of the flow. */
  variant?: string;
  env: string;
  status: DeploymentStatus | 'planned';
  id: string | null;
  url: string | null;
  error: string | null;
  /** Status `renamed` (or planned as a rename): the old name, now deleted. */
  renamed_from?: string;
}

export interface Deployer<Request, Result> {
  deploy(request: Request): Promise<Result>;
}

export interface Promoter<Request, Result> {
  promote(request: Request): Promise<Result>;
}
