// `environments.<env>.prefect`: where one environment's Prefect lives, as the config file says it
// (a URL with `${VAR}` filled from the runner, and the names of the variables holding secrets).
import { interpolate, parseEnvTemplate } from './env-interpolation.js';
import type { EnvironmentPrefectLayer } from './schema.js';

export interface EnvironmentPrefect {
  /** The API URL with `${VAR}` filled; null when a variable it reads is not set on the runner. */
  apiUrl: string | null;
  /** The URL as written, for messages. */
  apiUrlTemplate: string;
  /** The first `${VAR}` of the URL the runner lacks: an error only when this environment is used. */
  missing: { variable: string; token: string } | null;
  apiKeyEnv?: string;
  authStringEnv?: string;
  customHeadersEnv?: string;
}

export function readEnvironmentPrefect(
  layer: EnvironmentPrefectLayer,
  environ: Record<string, string | undefined>,
): EnvironmentPrefect {
  const template = parseEnvTemplate(layer.api_url);
  if ('problem' in template) throw new Error('unvalidated api_url reached interpolation');
  const filled = interpolate(template.parts, environ);
  return {
    apiUrl: filled.missing.length > 0 ? null : filled.value,
    apiUrlTemplate: layer.api_url,
    missing: filled.missing[0] ?? null,
    ...(layer.api_key_env ? { apiKeyEnv: layer.api_key_env } : {}),
    ...(layer.auth_string_env ? { authStringEnv: layer.auth_string_env } : {}),
    ...(layer.custom_headers_env ? { customHeadersEnv: layer.custom_headers_env } : {}),
  };
}
