// A project's deployments gathered from every server its environments live on: one listing per
// server, all in parallel; a server that cannot be reached costs its environments, not the view.
import { PortalError, describeError } from '../errors/portal-error.js';
import type { DeploymentDetails } from '../model/deployment.js';
import type { DeploymentQuery } from '../model/operations.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import { triggerLinesByDeployment } from '../automations/automation-triggers.js';
import { PrefectDeploymentFinder } from './prefect-deployment-finder.js';

export interface EnvironmentServer {
  /** The server, or the error that kept it from being opened (a secret the job lacks, say). */
  api: PrefectApi | PortalError;
  /** Where it is known: the URL. */
  label: string;
  /** The environments that live there; null: every environment no other server claims. */
  environments: string[] | null;
}

export interface UnreachableServer {
  label: string;
  environments: string[];
  error: string;
}

export interface DeploymentsByEnvironment {
  deployments: DeploymentDetails[];
  unreachable: UnreachableServer[];
}

/**
 * Whether a deployment of `env` found on `server` is that environment's: an environment another
 * server claims is not the catch-all server's (a stale copy from before the environment moved).
 */
export function servedBy(
  servers: readonly EnvironmentServer[],
): (server: EnvironmentServer, env: string) => boolean {
  const claimed = new Set(servers.flatMap((server) => server.environments ?? []));
  return (server, env) =>
    server.environments === null ? !claimed.has(env) : server.environments.includes(env);
}

/** Each deployment with its triggers in short form, from one listing of the server's automations. */
async function withTriggers(api: PrefectApi, deployments: DeploymentDetails[]): Promise<DeploymentDetails[]> {
  if (deployments.length === 0) return deployments;
  let automations;
  try {
    automations = await api.listAutomations();
  } catch (error) {
    // A server without automations (Prefect 2) answers 404: the view simply has no triggers.
    if (error instanceof PortalError) return deployments;
    throw error;
  }
  const refOf = new Map(
    deployments.map((each) => [
      each.id.toLowerCase(),
      each.variant ? `${each.flow_name}/${each.variant}` : each.flow_name,
    ]),
  );
  const lines = triggerLinesByDeployment(automations, (id) => refOf.get(id));
  return deployments.map((each) => ({ ...each, triggers: lines.get(each.id.toLowerCase()) ?? [] }));
}

export async function findAcrossServers(
  servers: readonly EnvironmentServer[],
  query: Omit<DeploymentQuery, 'env'>,
): Promise<DeploymentsByEnvironment> {
  const belongs = servedBy(servers);
  type Listing = { deployments: DeploymentDetails[] } | { unreachable: UnreachableServer };
  const results = await Promise.all(
    servers.map(async (server): Promise<Listing> => {
      try {
        if (server.api instanceof PortalError) throw server.api;
        const found = await new PrefectDeploymentFinder(server.api).findDeployments(query);
        const mine = found.filter((deployment) => belongs(server, deployment.env));
        return { deployments: await withTriggers(server.api, mine) };
      } catch (error) {
        if (!(error instanceof PortalError)) throw error;
        return {
          unreachable: {
            label: server.label,
            environments: server.environments ?? [],
            error: describeError(error),
          },
        };
      }
    }),
  );
  return {
    deployments: results
      .flatMap((result) => ('deployments' in result ? result.deployments : []))
      .sort((a, b) => a.name.localeCompare(b.name)),
    unreachable: results.flatMap((result) => ('unreachable' in result ? [result.unreachable] : [])),
  };
}
