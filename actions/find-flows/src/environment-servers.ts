// The servers find-flows reads for the portal view: each environment's own (the config's
// `environments.<env>.prefect`), and the action's connection for every other environment.
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
import {
  connectionFromInputs,
  maskConnection,
  openPrefectClient,
  type ParsedConnectionInputs,
} from '@portal-actions/runner';

export interface OpenServers {
  servers: EnvironmentServer[];
  close(): Promise<void>;
}

const NO_INPUTS = { apiUrl: '', apiKey: '', authString: '', customHeaders: {} };

/** One client per distinct server and credential, so two environments in one workspace are listed once. */
export function openEnvironmentServers(
  inputs: ParsedConnectionInputs,
  config: PortalConfig,
  env: NodeJS.ProcessEnv,
  progress: Progress,
  clientOptions: Partial<PrefectClientOptions>,
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
  for (const environment of config.environments.filter((each) => each.prefect)) {
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
  // unless the config places every one of them.
  if (hasDefault || !everyEnvironmentConfigured) add(connectionFromInputs(inputs, env), null);
  servers.push(...byKey.values());
  return { servers, close: async () => void (await Promise.all(clients.map((client) => client.close()))) };
}
