// `{branch}`-style placeholders in the config fields that name code (image, working_directory,
// pull_steps), filled from the run context so one config serves every commit.
import { ConfigurationError, type SourceLocation } from '../errors/portal-error.js';

export const PLACEHOLDERS = [
  'project',
  'branch',
  'commit',
  'short_commit',
  'env',
  'package_version',
] as const;
export type PlaceholderName = (typeof PLACEHOLDERS)[number];
/** A null value is unknown in this run: using it is an error. */
export type PlaceholderValues = Record<PlaceholderName, string | null>;

/**
 * `{name}` but not `{{ prefect.blocks... }}`: Prefect's own templates use double braces, and
 * they must pass through untouched.
 */
const PLACEHOLDER = /(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})/g;

export interface PlaceholderUse {
  name: string;
  /** `{name}` as written. */
  token: string;
}

export function placeholdersIn(template: string): PlaceholderUse[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => ({ name: match[1]!, token: match[0] }));
}

export function isPlaceholderName(name: string): name is PlaceholderName {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

export function unknownPlaceholderMessage(token: string): string {
  return `unknown placeholder ${token}; allowed: ${PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`;
}

/**
 * A container image tag takes only `[A-Za-z0-9_.-]`: `feature/login` becomes `feature-login`, the
 * way docker/metadata-action tags branch builds.
 */
export function imageTagSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]+/g, '-');
}

/**
 * Fills every placeholder of `template`. Unknown names and values this run does not know are
 * ConfigurationErrors at `location`, naming the field (`what`).
 */
export function fillPlaceholders(
  template: string,
  values: PlaceholderValues,
  what: string,
  options: { imageTag?: boolean; location?: SourceLocation } = {},
): string {
  return template.replace(PLACEHOLDER, (token, name: string) => {
    const where = options.location ? { location: options.location } : {};
    if (!isPlaceholderName(name))
      throw new ConfigurationError(`${what}: ${unknownPlaceholderMessage(token)}.`, where);
    const value = values[name];
    if (value === null) {
      throw new ConfigurationError(`${what} uses ${token}, but this run has no ${name.replace('_', ' ')}.`, {
        ...where,
        hint:
          name === 'package_version'
            ? 'Give the `package-version` input, or a static version in pyproject.toml or setup.cfg.'
            : `Give the run's ${name} as an input, or remove ${token}.`,
      });
    }
    return options.imageTag ? imageTagSafe(value) : value;
  });
}
