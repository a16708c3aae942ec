// Reads the configuration text: YAML with positions, our shape or the SDK's legacy one, every
// problem collected with its file:line:col, and `${VAR}` filled from the runner's environment.
import { ConfigurationError, type SourceLocation } from '../errors/portal-error.js';
import type { z } from 'zod';
import { collected } from './collected-errors.js';
import { interpolate, parseEnvTemplate } from './env-interpolation.js';
import { readEnvironmentPrefect } from './environment-prefect.js';
import { describeIssue } from './issue-messages.js';
import { fromLegacy, isLegacyShape, LEGACY_KEY_NAMES, legacyFileSchema } from './legacy-format.js';
import {
  locateInConfig,
  recordOrigin,
  type LayerRef,
  type MissingVariable,
  type PortalConfig,
} from './portal-config.js';
import {
  configFileSchema,
  isMapping,
  type ConfigFile,
  type FlowSettingsLayer,
  type SettingsLayer,
} from './schema.js';
import { keysInOrder, locate, parseYaml, writtenScalar, type YamlSource } from './yaml-source.js';

export interface LoadedConfig {
  config: PortalConfig;
  source: { file: string; exists: boolean };
  /** Values read through `${VAR}`: mask them in logs (core.setSecret). */
  secrets: string[];
  /** Where a path into the file's data (`['deployments', 'hello_world']`) was written. */
  locate(path: readonly PropertyKey[]): SourceLocation | undefined;
}

export type Environ = Record<string, string | undefined>;

function portalPath(layer: LayerRef): PropertyKey[] {
  switch (layer.level) {
    case 'defaults':
      return ['defaults'];
    case 'flow':
      return ['deployments', layer.flow];
    case 'environment':
      return ['environments', layer.env];
    case 'environment-flow':
      return ['environments', layer.env, 'deployments', layer.flow];
    case 'flow-variant':
      return ['deployments', layer.flow, 'variants', layer.variant];
    case 'environment-flow-variant':
      return ['environments', layer.env, 'deployments', layer.flow, 'variants', layer.variant];
  }
}

function fromPortal(file: ConfigFile, source: YamlSource, environ: Environ): PortalConfig {
  const flows = (entries: Record<string, FlowSettingsLayer | null> | null | undefined) =>
    Object.fromEntries(
      Object.entries(entries ?? {}).map(([flow, settings]) => {
        const { variants, ...own } = settings ?? {};
        if (variants === undefined) return [flow, own];
        const filled = Object.fromEntries(
          Object.entries(variants ?? {}).map(([name, variant]) => [name, variant ?? {}]),
        );
        return [flow, { ...own, variants: filled }];
      }),
    );
  const environments = file.environments ?? {};
  const written = keysInOrder(source, ['environments']).filter((name) => name in environments);
  const order = [...written, ...Object.keys(environments).filter((name) => !written.includes(name))];
  return {
    format: 'portal',
    project: file.project ?? null,
    flows: { root: file.flows?.root ?? '.', exclude: file.flows?.exclude ?? [] },
    defaults: file.defaults ?? {},
    deployments: flows(file.deployments),
    environments: order.map((name, index) => {
      const { deployments, prefect, ...settings } = environments[name] ?? {};
      return {
        name,
        order: index,
        settings,
        deployments: flows(deployments),
        ...(prefect ? { prefect: readEnvironmentPrefect(prefect, environ) } : {}),
      };
    }),
  };
}

function layersOf(config: PortalConfig): { layer: LayerRef; settings: SettingsLayer }[] {
  const variantLayers = (
    deployments: Record<string, FlowSettingsLayer>,
    env: string | null,
  ): { layer: LayerRef; settings: SettingsLayer }[] =>
    Object.entries(deployments).flatMap(([flow, settings]) =>
      Object.entries(settings.variants ?? {}).map(([variant, layer]) => ({
        layer:
          env === null
            ? ({ level: 'flow-variant', flow, variant } as const)
            : ({ level: 'environment-flow-variant', env, flow, variant } as const),
        settings: layer ?? {},
      })),
    );
  return [
    { layer: { level: 'defaults' }, settings: config.defaults },
    ...Object.entries(config.deployments).map(([flow, settings]) => ({
      layer: { level: 'flow', flow } as const,
      settings,
    })),
    ...variantLayers(config.deployments, null),
    ...config.environments.flatMap((environment) => [
      { layer: { level: 'environment', env: environment.name } as const, settings: environment.settings },
      ...Object.entries(environment.deployments).map(([flow, settings]) => ({
        layer: { level: 'environment-flow', env: environment.name, flow } as const,
        settings,
      })),
      ...variantLayers(environment.deployments, environment.name),
    ]),
  ];
}

/**
 * Fills `${VAR}` in every `env` value (legacy files have none). A variable the runner lacks is not an error yet: prod's
 * secrets are absent from a dev job, so it fails only when its layer is resolved.
 */
function fillEnv(
  config: PortalConfig,
  environ: Environ,
  source: YamlSource,
): { secrets: string[]; missing: MissingVariable[] } {
  const secrets = new Set<string>();
  const missing: MissingVariable[] = [];
  for (const { layer, settings } of layersOf(config)) {
    if (!settings.env) continue;
    const filled: Record<string, string> = {};
    for (const [key, parsed] of Object.entries(settings.env)) {
      // `PYTHON_VERSION: 3.10` means "3.10", not the number 3.1.
      const value = writtenScalar(source, [...portalPath(layer), 'env', key]) ?? parsed;
      const template = parseEnvTemplate(value);
      if ('problem' in template) throw new Error(`unvalidated env value reached interpolation: ${key}`);
      const result = interpolate(template.parts, environ);
      result.secrets.forEach((secret) => secrets.add(secret));
      for (const reference of result.missing) missing.push({ layer, key, ...reference });
      filled[key] = result.missing.length > 0 ? value : result.value;
    }
    settings.env = filled;
  }
  return { secrets: [...secrets], missing };
}

/**
 * Parses and validates configuration text. `file` labels locations (the path relative to the
 * repository root). Throws a ConfigurationError, or an AggregatePortalError of all of them.
 */
export function parseConfig(text: string, file: string, environ: Environ): LoadedConfig {
  const parsed = parseYaml(text, file);
  if ('errors' in parsed) throw collected(parsed.errors, file);
  const { source } = parsed;
  const data = parsed.data ?? {};
  if (!isMapping(data)) {
    throw new ConfigurationError(
      `${file} must be a mapping of settings (project, flows, defaults, deployments, environments).`,
      {
        location: { file, line: 1, column: 1 },
      },
    );
  }
  const legacy = isLegacyShape(data);
  const schema = legacy ? legacyFileSchema : configFileSchema;
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const errors = result.error.issues
      .flatMap((issue) => describeIssue(issue, schema))
      .map(
        (issue) =>
          new ConfigurationError(`${issue.message}.`, {
            location: locate(source, issue.path, issue.target, issue.needle),
          }),
      );
    throw collected(errors, file);
  }
  const config = legacy
    ? fromLegacy(result.data as z.output<typeof legacyFileSchema>)
    : fromPortal(result.data as ConfigFile, source, environ);
  const variantErrors = undeclaredVariants(config, source, file);
  if (variantErrors.length > 0) throw collected(variantErrors, file);
  const { secrets, missing } = legacy ? { secrets: [], missing: [] } : fillEnv(config, environ, source);
  recordOrigin(config, {
    file,
    source,
    missing,
    pathOf: (layer, key) => {
      if (legacy) {
        if (layer.level !== 'flow') return null;
        return key === undefined ? [layer.flow] : [layer.flow, LEGACY_KEY_NAMES[key] ?? key];
      }
      const path = portalPath(layer);
      return key === undefined ? path : [...path, key];
    },
  });
  return {
    config,
    source: { file, exists: true },
    secrets,
    locate: (path) => locateInConfig(config, path),
  };
}

/** A variant refined under an environment must be one the top-level `deployments` declares. */
function undeclaredVariants(config: PortalConfig, source: YamlSource, file: string): ConfigurationError[] {
  return config.environments.flatMap((environment) =>
    Object.entries(environment.deployments).flatMap(([flow, settings]) =>
      Object.keys(settings.variants ?? {})
        .filter((variant) => config.deployments[flow]?.variants?.[variant] === undefined)
        .map((variant) => {
          const declared = Object.keys(config.deployments[flow]?.variants ?? {});
          return new ConfigurationError(
            `environments.${environment.name}.deployments.${flow}.variants.${variant} refines a variant that deployments.${flow}.variants does not declare${declared.length > 0 ? ` (it declares ${declared.join(', ')})` : ''}.`,
            {
              hint: `Declare "${variant}" under deployments.${flow}.variants (an environment only refines variants), or fix the name.`,
              location: locate(
                source,
                ['environments', environment.name, 'deployments', flow, 'variants', variant],
                'key',
              ) ?? { file },
            },
          );
        }),
    ),
  );
}

/** The configuration of a repository without a config file: everything from defaults. */
export function emptyConfig(file: string): LoadedConfig {
  const config: PortalConfig = {
    format: 'portal',
    project: null,
    flows: { root: '.', exclude: [] },
    defaults: {},
    deployments: {},
    environments: [],
  };
  recordOrigin(config, {
    file,
    source: null,
    missing: [],
    pathOf: (layer, key) => (key ? [...portalPath(layer), key] : portalPath(layer)),
  });
  return { config, source: { file, exists: false }, secrets: [], locate: () => undefined };
}
