// The configuration as the rest of the library reads it, whichever file shape it came from,
// and where each of its layers was written (kept beside it, so the data stays plain).
import type { SourceLocation } from '../errors/portal-error.js';
import type { Environment } from '../model/environment.js';
import type { EnvironmentPrefect } from './environment-prefect.js';
import type { FlowSettingsLayer, SettingKey, SettingsLayer } from './schema.js';
import { locate, type YamlSource } from './yaml-source.js';

export interface ConfiguredEnvironment extends Environment {
  /** The environment's own settings (any `defaults` key). */
  settings: SettingsLayer;
  /** Per-flow settings in this environment. */
  deployments: Record<string, FlowSettingsLayer>;
  /** Where this environment's Prefect lives; absent: the action's own connection. */
  prefect?: EnvironmentPrefect;
}

export interface PortalConfig {
  /** `portal`: our `.acme-portal.yml`; `legacy`: acme-portal-sdk's static_flow_deploy_config.yaml, converted. */
  format: 'portal' | 'legacy';
  /** Null: use the repository name. */
  project: string | null;
  flows: { root: string; exclude: string[] };
  defaults: SettingsLayer;
  deployments: Record<string, FlowSettingsLayer>;
  /** In promotion order; empty when the file names none (then any valid name is accepted). */
  environments: ConfiguredEnvironment[];
}

/** One level of settings, named the way resolution walks them. */
export type LayerRef =
  | { level: 'defaults' }
  | { level: 'flow'; flow: string }
  | { level: 'flow-variant'; flow: string; variant: string }
  | { level: 'environment'; env: string }
  | { level: 'environment-flow'; env: string; flow: string }
  | { level: 'environment-flow-variant'; env: string; flow: string; variant: string };

/** A `${VAR}` the runner did not provide: an error only when its layer is used. */
export interface MissingVariable {
  layer: LayerRef;
  key: string;
  variable: string;
  token: string;
}

interface ConfigOrigin {
  file: string;
  source: YamlSource | null;
  /** Where a layer's key was written; null when the layer is not in the file (legacy defaults). */
  pathOf(layer: LayerRef, key?: SettingKey | string): PropertyKey[] | null;
  missing: MissingVariable[];
}

const origins = new WeakMap<PortalConfig, ConfigOrigin>();

export function recordOrigin(config: PortalConfig, origin: ConfigOrigin): void {
  origins.set(config, origin);
}

export function originOf(config: PortalConfig): ConfigOrigin | undefined {
  return origins.get(config);
}

/** The file label of `config`, for messages about it ("the config file" when built in code). */
export function configFileOf(config: PortalConfig): string {
  return originOf(config)?.file ?? 'the config file';
}

export function sameLayer(a: LayerRef, b: LayerRef): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `environments.prod.deployments.hello_world` for messages, from the path in the file. */
export function layerLabel(config: PortalConfig, layer: LayerRef): string {
  const path = originOf(config)?.pathOf(layer);
  if (path) return path.map(String).join('.');
  if (layer.level === 'defaults') return 'defaults';
  const base = 'flow' in layer ? layer.flow : layer.env;
  return 'variant' in layer ? `${base}.variants.${layer.variant}` : base;
}

/**
 * Where `path` (into the file's data) was written: the key when it ends at a mapping entry,
 * else the value; `needle` moves to that text inside the value. Undefined for a config not
 * read from a file.
 */
export function locateInConfig(
  config: PortalConfig,
  path: readonly PropertyKey[],
  needle?: string,
): SourceLocation | undefined {
  const origin = originOf(config);
  if (!origin) return undefined;
  if (!origin.source) return { file: origin.file };
  return needle ? locate(origin.source, path, 'value', needle) : locate(origin.source, path, 'key');
}

/** Where a layer (or one key of it) was written. */
export function locateLayer(config: PortalConfig, layer: LayerRef, key?: string): SourceLocation | undefined {
  const origin = originOf(config);
  if (!origin) return undefined;
  const path = origin.pathOf(layer, key);
  if (!path || !origin.source) return { file: origin.file };
  return locate(origin.source, path, 'key');
}
