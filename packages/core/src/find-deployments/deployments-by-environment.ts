// A project's deployments gathered from every server its environments live on: one listing per
// server, all in parallel; a server that cannot be reached costs its environments, not the view.
import { PortalError, describeError } from '../errors/portal-error.js';
import type { DeploymentDetails } from '../model/deployment.js';
import type { DeploymentQuery } from '../model/operations.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
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
        return { deployments: found.filter((deployment) => belongs(server, deployment.env)) };
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
