// A cleanup's first phase: the project's deployments listed on every server, in parallel, and
// all of them or none: a server that is down or refuses the credentials stops the whole cleanup.
import { AggregatePortalError, PortalError } from '../errors/portal-error.js';
import type { EnvironmentServer } from '../find-deployments/deployments-by-environment.js';
import {
  listProjectDeployments,
  type ListedDeployment,
} from '../find-deployments/list-project-deployments.js';
import type { PrefectApi } from '../prefect/prefect-api.js';

export interface ServerListing {
  server: EnvironmentServer;
  api: PrefectApi;
  listed: ListedDeployment[];
}

const environmentsOf = (server: EnvironmentServer) =>
  server.environments === null
    ? 'the environments the config places nowhere'
    : server.environments.join(', ');

/**
 * Each server's listing, or throws before anything is deleted: the server's own error when there
 * is one server, else an AggregatePortalError naming every server that failed and its environments.
 */
export async function listEveryServer(
  servers: readonly EnvironmentServer[],
  project: string,
): Promise<ServerListing[]> {
  const settled = await Promise.allSettled(
    servers.map(async (server): Promise<ServerListing> => {
      if (server.api instanceof PortalError) throw server.api;
      return { server, api: server.api, listed: await listProjectDeployments(server.api, project) };
    }),
  );
  const failed = settled.flatMap((result, index) =>
    result.status === 'rejected' ? [{ server: servers[index]!, error: result.reason as unknown }] : [],
  );
  if (failed.length === 0) {
    return settled.map((result) => (result as PromiseFulfilledResult<ServerListing>).value);
  }
  // A bug is not a server's fault: it keeps its stack.
  const bug = failed.find(({ error }) => !(error instanceof PortalError));
  if (bug) throw bug.error;
  if (servers.length === 1) throw failed[0]!.error;
  const named = failed.map(({ server }) => `${server.label} (${environmentsOf(server)})`).join('; ');
  throw new AggregatePortalError(
    `${failed.length} of ${servers.length} Prefect servers could not be listed: ${named}. Nothing was deleted on any server: every server is listed before anything is deleted, so none is left half-cleaned. Fix that server's connection (or leave its environments out of \`envs\`) and run the cleanup again.`,
    failed.map(({ error }) => error as PortalError),
  );
}
