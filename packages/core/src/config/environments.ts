// The environments a configuration knows, in promotion order, and the check that an
// environment name given to deploy or promote is one of them.
import { ConfigurationError, InputError } from '../errors/portal-error.js';
import type { Environment } from '../model/environment.js';
import { closestNames } from '../naming/closest-names.js';
import { configFileOf, locateInConfig, type PortalConfig } from './portal-config.js';
import { ENVIRONMENT_NAME, ENVIRONMENT_NAME_RULE } from './schema.js';

/** The configured environments in promotion order; empty when the config names none. */
export function listEnvironments(config: PortalConfig): Environment[] {
  return config.environments.map(({ name, order }) => ({ name, order }));
}

/** Environment names in promotion order (dev before prod). */
export function environmentOrder(config: PortalConfig): string[] {
  return config.environments.map(({ name }) => name);
}

/**
 * `name` as an Environment. With environments configured it must be one of them; without, any
 * valid name is accepted (order -1: unordered).
 */
export function requireEnvironment(config: PortalConfig, name: string): Environment {
  if (!ENVIRONMENT_NAME.test(name)) {
    throw new InputError(`"${name}" is not a valid environment name.`, {
      hint: `Environment names are deployment-name segments: ${ENVIRONMENT_NAME_RULE}.`,
    });
  }
  if (config.environments.length === 0) return { name, order: -1 };
  const found = config.environments.find((environment) => environment.name === name);
  if (found) return { name: found.name, order: found.order };
  const known = environmentOrder(config);
  const close = closestNames(name, known, 1);
  const location = locateInConfig(config, ['environments']);
  throw new ConfigurationError(
    `Unknown environment "${name}"; ${configFileOf(config)} defines ${known.join(', ')}.${close.length > 0 ? ` Did you mean "${close[0]}"?` : ''}`,
    {
      hint: `Use one of them, or add "${name}" under \`environments\`.`,
      ...(location ? { location } : {}),
    },
  );
}

/** The environment after `name` in promotion order: promote's default target. Null for the last. */
export function nextEnvironment(config: PortalConfig, name: string): string | null {
  const { order } = requireEnvironment(config, name);
  if (order === -1) return null;
  return config.environments[order + 1]?.name ?? null;
}
