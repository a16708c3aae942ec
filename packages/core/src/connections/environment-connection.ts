// The Prefect connection of one environment, by one precedence for every action: the action's
// connection inputs, then the config's `environments.<env>.prefect`, then PREFECT_API_URL / _KEY / _AUTH_STRING.
import type { PortalConfig } from '../config/portal-config.js';
import { configFileOf, locateInConfig } from '../config/portal-config.js';
import { ConfigurationError, InputError, RefusedError } from '../errors/portal-error.js';
import { normaliseApiUrl } from '../prefect/client/connection.js';
import type { PrefectConnection } from '../prefect/client/connection.js';

/** The connection inputs of an action (empty strings when not given). */
export interface ConnectionInputs {
  apiUrl: string;
  apiKey: string;
  authString: string;
  customHeaders: Record<string, string>;
}

/** The input names, for messages (`prefect-api-url`, or promote's `source-prefect-api-url`). */
export interface ConnectionInputNames {
  apiUrl: string;
  apiKey: string;
  authString: string;
}

export const CONNECTION_INPUTS: ConnectionInputNames = {
  apiUrl: 'prefect-api-url',
  apiKey: 'prefect-api-key',
  authString: 'prefect-auth-string',
};

export type ConnectionOrigin = 'inputs' | 'config' | 'environment';

export interface EnvironmentConnection {
  connection: PrefectConnection;
  /** Where the URL came from. */
  origin: ConnectionOrigin;
  /** Credential and header values read here: mask them before anything prints. */
  secrets: string[];
}

type Environ = Record<string, string | undefined>;

const given = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** Two API URLs name the same server (trailing slashes and host case aside). */
export function sameServer(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      return normaliseApiUrl(url).toLowerCase();
    } catch {
      return url.trim().toLowerCase();
    }
  };
  return normal(a) === normal(b);
}

function configuredPrefect(config: PortalConfig, env: string) {
  return config.environments.find((environment) => environment.name === env)?.prefect;
}

function where(config: PortalConfig, env: string, key: string) {
  const location = locateInConfig(config, ['environments', env, 'prefect', key]);
  return location ? { location } : {};
}

/** The configured URL of `env`, or null when the config names none; throws for a `${VAR}` the runner lacks. */
export function configuredApiUrl(config: PortalConfig, env: string): string | null {
  const prefect = configuredPrefect(config, env);
  if (!prefect) return null;
  if (prefect.apiUrl === null) {
    const missing = prefect.missing!;
    throw new ConfigurationError(
      `Environment variable ${missing.variable} is not set on the runner; environments.${env}.prefect.api_url in ${configFileOf(config)} reads it (${missing.token}).`,
      {
        hint: `Pass it to the step, e.g. \`env: { ${missing.variable}: \${{ vars.${missing.variable} }} }\`.`,
        ...where(config, env, 'api_url'),
      },
    );
  }
  return prefect.apiUrl;
}

function readVariable(
  config: PortalConfig,
  env: string,
  key: 'api_key_env' | 'auth_string_env' | 'custom_headers_env',
  variable: string | undefined,
  environ: Environ,
): string | undefined {
  if (variable === undefined) return undefined;
  const value = given(environ[variable]);
  if (value === undefined) {
    throw new ConfigurationError(
      `Environment variable ${variable} is not set on the runner; environments.${env}.prefect.${key} in ${configFileOf(config)} names it.`,
      {
        hint: `Pass the secret to the step: \`env: { ${variable}: \${{ secrets.${variable} }} }\` (in a job whose GitHub environment has that secret).`,
        ...where(config, env, key),
      },
    );
  }
  return value;
}

function parseHeaders(config: PortalConfig, env: string, variable: string, text: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((value) => typeof value === 'string')
  ) {
    throw new ConfigurationError(
      `Environment variable ${variable} (environments.${env}.prefect.custom_headers_env) is not a JSON object of header names to string values.`,
      {
        hint: 'Store it as e.g. {"CF-Access-Client-Id": "…", "CF-Access-Client-Secret": "…"}.',
        ...where(config, env, 'custom_headers_env'),
      },
    );
  }
  return parsed as Record<string, string>;
}

/**
 * The connection of `env`. Each field is taken from the first level that has it: the inputs, then
 * the config's `environments.<env>.prefect` (credentials from the runner variables it names), then
 * the PREFECT_* variables; those last ones only when the config names no server for `env`, so one
 * environment's key is never sent to another environment's server.
 */
export function environmentConnection(
  config: PortalConfig,
  env: string,
  inputs: ConnectionInputs,
  environ: Environ,
  names: ConnectionInputNames = CONNECTION_INPUTS,
  /** False for promote's source: PREFECT_* variables are the target's. */
  processFallback = true,
): EnvironmentConnection {
  const prefect = configuredPrefect(config, env);
  const configUrl = configuredApiUrl(config, env);
  const inputUrl = given(inputs.apiUrl);
  const fallback = prefect === undefined && processFallback;
  const apiUrl = inputUrl ?? configUrl ?? (fallback ? given(environ.PREFECT_API_URL) : undefined);
  if (!apiUrl) {
    throw new InputError('No Prefect API URL was given.', {
      hint: `${env ? `Environment "${env}" needs one: s` : 'S'}et the \`${names.apiUrl}\` input (e.g. \`\${{ secrets.PREFECT_API_URL }}\`), the PREFECT_API_URL environment variable, or \`environments.${env || '<env>'}.prefect.api_url\` in the config file.`,
    });
  }
  const apiKey =
    given(inputs.apiKey) ??
    readVariable(config, env, 'api_key_env', prefect?.apiKeyEnv, environ) ??
    (fallback ? given(environ.PREFECT_API_KEY) : undefined);
  const authString =
    given(inputs.authString) ??
    readVariable(config, env, 'auth_string_env', prefect?.authStringEnv, environ) ??
    (fallback ? given(environ.PREFECT_API_AUTH_STRING) : undefined);
  const headersText = readVariable(config, env, 'custom_headers_env', prefect?.customHeadersEnv, environ);
  const customHeaders =
    Object.keys(inputs.customHeaders).length > 0
      ? inputs.customHeaders
      : headersText !== undefined
        ? parseHeaders(config, env, prefect!.customHeadersEnv!, headersText)
        : {};
  const secrets = [apiKey, authString, ...Object.values(customHeaders)].filter((value): value is string =>
    Boolean(value),
  );
  if (authString) secrets.push(Buffer.from(authString).toString('base64'));
  return {
    connection: {
      apiUrl,
      ...(apiKey ? { apiKey } : {}),
      ...(authString ? { authString } : {}),
      customHeaders,
    },
    origin: inputUrl ? 'inputs' : configUrl ? 'config' : 'environment',
    secrets,
  };
}

/**
 * Refuses, before anything is written, a run whose inputs point `env` at another server than the
 * config gives it: a prod deploy must not land in the dev workspace.
 */
export function refuseOtherServer(
  config: PortalConfig,
  env: string,
  inputApiUrl: string,
  input: string,
): void {
  const configured = configuredApiUrl(config, env);
  const given = inputApiUrl.trim();
  if (configured === null || given === '' || sameServer(configured, given)) return;
  const location = locateInConfig(config, ['environments', env, 'prefect', 'api_url']);
  throw new RefusedError(
    `Environment "${env}" lives at ${safeUrl(configured)} (environments.${env}.prefect.api_url in ${configFileOf(config)}), but the \`${input}\` input points at ${safeUrl(given)}; nothing was written.`,
    {
      hint: `Drop the \`${input}\` input and let the config choose the server, or fix environments.${env}.prefect.api_url.`,
      ...(location ? { location } : {}),
    },
  );
}

/** The URL without any userinfo, for messages. */
function safeUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

/**
 * Promote's source connection: the `source-prefect-*` inputs, else the source environment's
 * config, else null (the source lives with the target: one connection for both).
 */
export function sourceConnection(
  config: PortalConfig,
  sourceEnv: string,
  inputs: ConnectionInputs,
  environ: Environ,
  names: ConnectionInputNames,
): EnvironmentConnection | null {
  if (!given(inputs.apiUrl) && !configuredPrefect(config, sourceEnv)) {
    if (given(inputs.apiKey) || given(inputs.authString)) {
      throw new InputError(
        `\`${names.apiKey}\` or \`${names.authString}\` was given without \`${names.apiUrl}\`.`,
        {
          hint: `Give \`${names.apiUrl}\` too, or set environments.${sourceEnv}.prefect in the config file.`,
        },
      );
    }
    return null;
  }
  // Only the source's own levels: the PREFECT_* variables belong to the target's connection.
  return environmentConnection(config, sourceEnv, inputs, environ, names, false);
}
