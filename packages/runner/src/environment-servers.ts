// The servers an action reads across environments (find-flows' portal view, cleanup): each
// environment's own (the config's `environments.<env>.prefect`), the action's connection for the rest.
import {
  environmentConnection,
  PortalError,
  type EnvironmentServer,
  type PortalConfig,
  type PrefectClient,
  type PrefectClientOptions,
  type PrefectConnection,
  type Progress,
} from '@portal-actions/core';
import { maskConnection } from './environment-connection.js';
import {
  connectionFromInputs,
  openPrefectClient,
  type ParsedConnectionInputs,
} from './prefect-connection.js';

export interface OpenServers {
  servers: EnvironmentServer[];
  close(): Promise<void>;
}

const NO_INPUTS = { apiUrl: '', apiKey: '', authString: '', customHeaders: {} };

/**
 * One client per distinct server and credential, so two environments in one workspace are listed
 * once. `wanted` narrows it to the servers some of those environments live on (`all`: every one).
 */
export function openEnvironmentServers(
  inputs: ParsedConnectionInputs,
  config: PortalConfig,
  env: NodeJS.ProcessEnv,
  progress: Progress,
  clientOptions: Partial<PrefectClientOptions>,
  wanted: 'all' | readonly string[] = 'all',
): OpenServers {
  const clients: PrefectClient[] = [];
  const byKey = new Map<string, EnvironmentServer>();
  const add = (connection: PrefectConnection, environment: string | null) => {
    const key = JSON.stringify([
      connection.apiUrl.replace(/\/+$/, '').toLowerCase(),
      connection.apiKey,
      connection.authString,
    ]);
    const known = byKey.get(key);
    if (known) {
      // The action's own connection reaches a placed environment's server too: that server then
      // serves every environment no other server claims.
      if (environment === null) known.environments = null;
      else if (known.environments !== null) known.environments.push(environment);
      return;
    }
    let api: EnvironmentServer['api'];
    try {
      const client = openPrefectClient(connection, progress, clientOptions);
      clients.push(client);
      api = client;
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      api = error;
    }
    byKey.set(key, {
      api,
      label: connection.apiUrl,
      environments: environment === null ? null : [environment],
    });
  };
  const servers: EnvironmentServer[] = [];
  const isWanted = (name: string) => wanted === 'all' || wanted.includes(name);
  const placed = config.environments.filter((each) => each.prefect);
  for (const environment of placed.filter((each) => isWanted(each.name))) {
    try {
      add(
        maskConnection(environmentConnection(config, environment.name, NO_INPUTS, env)).connection,
        environment.name,
      );
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      servers.push({
        api: error,
        label: `environments.${environment.name}.prefect`,
        environments: [environment.name],
      });
    }
  }
  const everyEnvironmentConfigured =
    config.environments.length > 0 && config.environments.every((each) => each.prefect);
  const hasDefault = Boolean(inputs['prefect-api-url'] || env.PREFECT_API_URL);
  // The action's own connection serves the environments the config does not place; it is needed
  // unless the config places every one of them (of the wanted ones, when some are named).
  const defaultNeeded =
    wanted === 'all'
      ? hasDefault || !everyEnvironmentConfigured
      : wanted.some((name) => !placed.some((each) => each.name === name));
  if (defaultNeeded) add(connectionFromInputs(inputs, env), null);
  servers.push(...byKey.values());
  return { servers, close: async () => void (await Promise.all(clients.map((client) => client.close()))) };
}
