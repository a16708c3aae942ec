// Environment variables from several sources laid over each other (config < env-vars input <
// env-vars-command output), remembering where each came from for the summary, never its value.
import { ConfigurationError } from '../errors/portal-error.js';
import { RESERVED_ENV_VARS } from '../config/schema.js';

export interface EnvLayer {
  /** Shown in the summary: `config`, `env-vars input`, `env-vars-command`. */
  source: string;
  vars: Record<string, string>;
}

export interface EnvOrigin {
  /** The layer whose value won. */
  source: string;
  /** Lower layers that also set it, lowest first. */
  overrode: string[];
}

export interface MergedEnv {
  vars: Record<string, string>;
  /** Per variable, in the order first seen. */
  origins: Record<string, EnvOrigin>;
}

/** Later layers win. A reserved name (DEPLOYMENT_NAME) in any layer is a ConfigurationError. */
export function mergeEnvVars(layers: readonly EnvLayer[]): MergedEnv {
  const vars = new Map<string, string>();
  const origins = new Map<string, EnvOrigin>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer.vars)) {
      if ((RESERVED_ENV_VARS as readonly string[]).includes(name)) {
        throw new ConfigurationError(
          `${name} in the ${layer.source} is set by the deployer for every deployment.`,
          {
            hint: `Remove ${name} from the ${layer.source}.`,
          },
        );
      }
      const previous = origins.get(name);
      origins.set(name, {
        source: layer.source,
        overrode: previous ? [...previous.overrode, previous.source] : [],
      });
      vars.set(name, value);
    }
  }
  return { vars: Object.fromEntries(vars), origins: Object.fromEntries(origins) };
}
