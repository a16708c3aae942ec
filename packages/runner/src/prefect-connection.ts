// The Prefect connection every action has: its inputs, their PREFECT_* fallbacks, masking,
// and the client built from them.
import {
  AdaptiveLimit,
  InputError,
  type LimitChange,
  PrefectClient,
  type PrefectClientOptions,
  type PrefectConnection,
  type Progress,
} from '@portal-actions/core';
import { z } from 'zod';
import { headersInput } from './action-inputs.js';
import { maskSecret } from './secret-masking.js';

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

/**
 * The connection from an action's parsed inputs, falling back to PREFECT_API_URL,
 * PREFECT_API_KEY and PREFECT_API_AUTH_STRING; every secret is masked before anything can print it.
 */
export function connectionFromInputs(
  inputs: ParsedConnectionInputs,
  env: NodeJS.ProcessEnv,
): PrefectConnection {
  const apiKey = inputs['prefect-api-key'] || env.PREFECT_API_KEY || '';
  const authString = inputs['prefect-auth-string'] || env.PREFECT_API_AUTH_STRING || '';
  const headers = inputs['prefect-custom-headers'];
  if (apiKey) maskSecret(apiKey);
  if (authString) {
    maskSecret(authString);
    // The form basic auth sends.
    maskSecret(Buffer.from(authString).toString('base64'));
  }
  for (const value of Object.values(headers)) if (value) maskSecret(value);
  const apiUrl = inputs['prefect-api-url'] || env.PREFECT_API_URL || '';
  if (!apiUrl) {
    throw new InputError('No Prefect API URL was given.', {
      hint: 'Set the `prefect-api-url` input (e.g. `${{ secrets.PREFECT_API_URL }}`) or the PREFECT_API_URL environment variable.',
    });
  }
  return {
    apiUrl,
    ...(apiKey ? { apiKey } : {}),
    ...(authString ? { authString } : {}),
    customHeaders: headers,
  };
}

/** A client for the connection whose retries are reported in the job log. With
 * `writeConcurrency`, its writes share one adaptive limit that starts there (see docs/busy-servers.md). */
export function openPrefectClient(
  connection: PrefectConnection,
  progress: Progress,
  /** Client settings for tests and benchmarks (fast retries, say); users never set them. */
  clientOptions: Partial<PrefectClientOptions> = {},
  writeConcurrency?: number,
): PrefectClient {
  const writeLimit =
    writeConcurrency === undefined
      ? undefined
      : new AdaptiveLimit({
          ceiling: writeConcurrency,
          onChange: (change) => reportLimitChange(change, progress),
        });
  return new PrefectClient({
    ...connection,
    onRetry: (info) => progress.info(info.message),
    ...(writeLimit ? { writeLimit } : {}),
    ...clientOptions,
  });
}

/** "Prefect is busy (503 Service Unavailable); writing 2 at a time". Growing back is routine. */
export function reportLimitChange(change: LimitChange, progress: Progress): void {
  if (change.reason === undefined) {
    progress.debug(`Prefect keeps up again; writing ${change.to} at a time`);
    return;
  }
  const sqlite = change.reason.startsWith('503')
    ? ', as a Prefect server on SQLite answers while its database is locked'
    : '';
  progress.info(`Prefect is busy (${change.reason}${sqlite}); writing ${change.to} at a time`);
}
