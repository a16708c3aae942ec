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

/** This project's deployments on each server (see readEveryServer). */
export async function listEveryServer(
  servers: readonly EnvironmentServer[],
  project: string,
): Promise<ServerListing[]> {
  return (await readEveryServer(servers, (api) => listProjectDeployments(api, project))).map(
    ({ server, api, value }) => ({ server, api, listed: value }),
  );
}

/**
 * One read on each server, or throws before anything is deleted: the server's own error when there
 * is one server, else an AggregatePortalError naming every server that failed and its environments.
 */
export async function readEveryServer<T>(
  servers: readonly EnvironmentServer[],
  read: (api: PrefectApi) => Promise<T>,
): Promise<Array<{ server: EnvironmentServer; api: PrefectApi; value: T }>> {
  const settled = await Promise.allSettled(
    servers.map(async (server) => {
      if (server.api instanceof PortalError) throw server.api;
      return { server, api: server.api, value: await read(server.api) };
    }),
  );
  const failed = settled.flatMap((result, index) =>
    result.status === 'rejected' ? [{ server: servers[index]!, error: result.reason as unknown }] : [],
  );
  if (failed.length === 0) {
    return settled.map(
      (result) =>
        (result as PromiseFulfilledResult<{ server: EnvironmentServer; api: PrefectApi; value: T }>).value,
    );
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
