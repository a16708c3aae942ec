// The Prefect operations deploy, promote and find-deployments need, as a port: PrefectClient
// implements it over HTTP; keeping it narrow keeps the planners testable.
import type { ServerAutomation } from './server-automation.js';
import type { ServerDeployment } from './server-deployment.js';

export interface ServerVersion {
  version: string;
  major: number;
  minor: number;
  patch: number;
  isCloud: boolean;
}

export interface ServerWorkPool {
  name: string;
  type: string;
  base_job_template?: Record<string, unknown> | null;
}

export interface ServerFlow {
  id: string;
  name: string;
}

export interface PrefectApi {
  readonly apiUrl: string;
  serverVersion(): Promise<ServerVersion>;
  readWorkPool(name: string): Promise<ServerWorkPool | null>;
  createFlow(name: string): Promise<ServerFlow>;
  readFlowsByIds(ids: readonly string[]): Promise<ServerFlow[]>;
  /** Every deployment matching a /deployments/filter body, all pages. */
  filterDeployments(filter: Record<string, unknown>): Promise<ServerDeployment[]>;
  createDeployment(
    body: Record<string, unknown>,
  ): Promise<{ deployment: ServerDeployment; created: boolean }>;
  updateDeployment(id: string, body: Record<string, unknown>): Promise<void>;
  deleteDeployment(id: string): Promise<boolean>;
  deleteDeploymentSchedule(deploymentId: string, scheduleId: string): Promise<void>;
  /** Drops the fields this server version does not accept (unknown keys are a 422). */
  gateDeploymentBody(
    body: Record<string, unknown>,
    version: ServerVersion,
    kind: 'create' | 'update',
  ): Record<string, unknown>;
  deploymentUrl(deploymentId: string): string;
  /** Every automation on the server (POST /automations/filter, all pages). */
  listAutomations(): Promise<ServerAutomation[]>;
  /** POST /automations/ (201): the new automation's id. */
  createAutomation(body: Record<string, unknown>): Promise<string>;
  /** PUT /automations/{id} (204): the whole automation replaced, its id kept. */
  replaceAutomation(id: string, body: Record<string, unknown>): Promise<void>;
  /** DELETE /automations/{id}: false when it was not there. */
  deleteAutomation(id: string): Promise<boolean>;
}

/** Whether flows in this pool can be given an image (`job_variables.image`). */
export function poolTakesImage(pool: ServerWorkPool): boolean {
  const variables = pool.base_job_template?.variables as { properties?: Record<string, unknown> } | undefined;
  if (variables?.properties && Object.keys(variables.properties).length > 0)
    return 'image' in variables.properties;
  // A pool created over the API has an empty template: the worker type's default applies.
  return pool.type !== 'process';
}

export function slugsSupported(version: ServerVersion): boolean {
  return version.isCloud || version.major > 3 || (version.major === 3 && version.minor >= 2);
}
