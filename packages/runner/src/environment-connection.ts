// The Prefect connection of one environment for an action: its inputs, the config's
// `environments.<env>.prefect`, then PREFECT_*; every secret read is masked before it can print.
import {
  environmentConnection,
  type ConnectionInputNames,
  type ConnectionInputs,
  type EnvironmentConnection,
  type PortalConfig,
} from '@portal-actions/core';
import type { ParsedConnectionInputs } from './prefect-connection.js';
import { maskSecret } from './secret-masking.js';

export function connectionInputsOf(inputs: ParsedConnectionInputs): ConnectionInputs {
  return {
    apiUrl: inputs['prefect-api-url'],
    apiKey: inputs['prefect-api-key'],
    authString: inputs['prefect-auth-string'],
    customHeaders: inputs['prefect-custom-headers'],
  };
}

export function maskConnection(resolved: EnvironmentConnection): EnvironmentConnection {
  for (const secret of resolved.secrets) maskSecret(secret);
  return resolved;
}

/** The masked connection of `env` (see the precedence table in docs/environments.md). */
export function connectionForEnvironment(
  inputs: ParsedConnectionInputs,
  config: PortalConfig,
  env: string,
  processEnv: NodeJS.ProcessEnv,
  names?: ConnectionInputNames,
): EnvironmentConnection {
  return maskConnection(environmentConnection(config, env, connectionInputsOf(inputs), processEnv, names));
}
