// The Prefect connection inputs shared by every action: URL and credentials from the inputs,
// else from PREFECT_API_URL / PREFECT_API_KEY / PREFECT_API_AUTH_STRING; secrets masked first.
import * as core from '@actions/core';
import { InputError } from '@portal-actions/core';
import { z } from 'zod';
import { headersInput } from './action-inputs.js';

/** The connection inputs every action has, as zod fields of its input schema. */
export const CONNECTION_INPUT_NAMES = [
  'prefect-api-url',
  'prefect-api-key',
  'prefect-auth-string',
  'prefect-custom-headers',
] as const;

export const connectionInputFields = {
  'prefect-api-url': z.string().trim(),
  'prefect-api-key': z.string().trim(),
  'prefect-auth-string': z.string().trim(),
  'prefect-custom-headers': headersInput,
};

export type ParsedConnectionInputs = {
  [K in keyof typeof connectionInputFields]: z.output<(typeof connectionInputFields)[K]>;
};

/** The connection from an action's parsed inputs, falling back to the PREFECT_* variables. */
export function connectionFromInputs(
  inputs: ParsedConnectionInputs,
  env: NodeJS.ProcessEnv,
): ResolvedConnection {
  return resolveConnection(
    {
      apiUrl: inputs['prefect-api-url'],
      apiKey: inputs['prefect-api-key'],
      authString: inputs['prefect-auth-string'],
      headers: inputs['prefect-custom-headers'],
    },
    env,
  );
}

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
