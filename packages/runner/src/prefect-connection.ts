// The Prefect connection inputs shared by every action: URL and credentials from the inputs,
// else from PREFECT_API_URL / PREFECT_API_KEY / PREFECT_API_AUTH_STRING; secrets masked first.
import * as core from '@actions/core';
import { InputError } from '@portal-actions/core';

export interface ConnectionInputs {
  apiUrl: string;
  apiKey: string;
  authString: string;
  headers: Record<string, string>;
}

export interface ResolvedConnection {
  apiUrl: string;
  apiKey?: string;
  authString?: string;
  customHeaders: Record<string, string>;
}

export function resolveConnection(
  inputs: ConnectionInputs,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedConnection {
  const apiKey = inputs.apiKey || env.PREFECT_API_KEY || '';
  const authString = inputs.authString || env.PREFECT_API_AUTH_STRING || '';
  // Mask before anything can print them, including the base64 form basic auth sends.
  if (apiKey) core.setSecret(apiKey);
  if (authString) {
    core.setSecret(authString);
    core.setSecret(Buffer.from(authString).toString('base64'));
  }
  for (const value of Object.values(inputs.headers)) if (value) core.setSecret(value);
  const apiUrl = inputs.apiUrl || env.PREFECT_API_URL || '';
  if (!apiUrl) {
    throw new InputError('No Prefect API URL was given.', {
      hint: 'Set the `prefect-api-url` input (e.g. `${{ secrets.PREFECT_API_URL }}`) or the PREFECT_API_URL environment variable.',
    });
  }
  return {
    apiUrl,
    ...(apiKey ? { apiKey } : {}),
    ...(authString ? { authString } : {}),
    customHeaders: inputs.headers,
  };
}
